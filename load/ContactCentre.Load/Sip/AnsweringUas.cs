using System.Collections.Concurrent;
using System.Net;
using ContactCentre.Sip;

namespace ContactCentre.Load.Sip;

/// <summary>
/// Our <see cref="SipEndpoint"/> as the called party under load, doing what SIPp's built-in uas does:
/// 180 Ringing, 200 OK with a fixed SDP answer, then 200 to the caller's BYE (the endpoint's own handling).
/// </summary>
public sealed class AnsweringUas : IAsyncDisposable
{
    private const int KeptDiagnostics = 5;

    private readonly SipEndpoint _endpoint;
    private readonly string _answer = SdpMessage.CreateAudio(IPAddress.Loopback, 40_000, [SdpFormat.Pcmu], sessionId: 1).ToString();
    private readonly ConcurrentQueue<string> _diagnostics = new();
    private int _diagnosticCount;
    private int _answered;
    private int _failed;

    private AnsweringUas(SipEndpoint endpoint)
    {
        _endpoint = endpoint;
        _endpoint.Diagnostic += Keep;
        _endpoint.OnInvite = AnswerAsync;
    }

    public static async Task<AnsweringUas> StartAsync() =>
        new(await SipEndpoint.StartAsync(new SipEndpointOptions(IPAddress.Loopback, 0, EnableTcp: false)));

    public string Address => $"{LoopbackPorts.Address}:{_endpoint.LocalEndPoint.Port}";

    public int Answered => Volatile.Read(ref _answered);

    public int Failed => Volatile.Read(ref _failed);

    public int DiagnosticCount => Volatile.Read(ref _diagnosticCount);

    public IEnumerable<string> FirstDiagnostics => _diagnostics;

    /// <summary>Waits until <paramref name="calls"/> handlers have finished (answered or failed), at most <paramref name="limit"/>.</summary>
    public async Task WaitForHandlersAsync(int calls, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (Answered + Failed < calls && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    private async Task AnswerAsync(IncomingCall call)
    {
        try
        {
            await call.RingAsync();
            await call.AcceptAsync(_answer);
            Interlocked.Increment(ref _answered);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failed);
            Keep($"call {call.Invite.CallId}: {e.GetType().Name}: {e.Message}");
        }
    }

    private void Keep(string line)
    {
        if (Interlocked.Increment(ref _diagnosticCount) <= KeptDiagnostics)
        {
            _diagnostics.Enqueue(line);
        }
    }

    public ValueTask DisposeAsync() => _endpoint.DisposeAsync();
}
