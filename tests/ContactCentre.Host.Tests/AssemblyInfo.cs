// The host tests count process-wide resources (open RTP sessions), so they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
