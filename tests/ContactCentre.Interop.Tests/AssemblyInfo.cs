// Peers and the contact centre exchange real-time audio: one test at a time keeps the CPU free for
// RTP pacing, so a slow test machine does not turn into a flaky recording.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
