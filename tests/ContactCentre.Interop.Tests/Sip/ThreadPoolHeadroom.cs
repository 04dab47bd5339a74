namespace ContactCentre.Interop.Tests.Sip;

/// <summary>
/// On Linux each peer process started with redirected stdout and stderr keeps two thread-pool threads
/// blocked in pipe reads. With as many minimum workers as CPUs (2 on the test machines) that starves the
/// SIP endpoint's continuations for the ~0.5 s the pool takes to add a thread: an ACK then leaves after
/// the peer's 500 ms 200 OK retransmission and a strict peer such as SIPp fails the call.
/// </summary>
internal static class ThreadPoolHeadroom
{
    private const int MinimumWorkers = 16;

    public static void Ensure()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < MinimumWorkers)
        {
            ThreadPool.SetMinThreads(MinimumWorkers, completionPorts);
        }
    }
}
