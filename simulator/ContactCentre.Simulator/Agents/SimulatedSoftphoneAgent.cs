using System.Net;
using System.Threading.Channels;
using ContactCentre.Media;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Simulator.Agents;

/// <summary>
/// An agent who logs in at the desktop with the softphone (docs/agent-protocol.md, "Softphone") and talks on the calls
/// it rings. Its own outbound calls' rings are always answered at once, as the browser client does (the agent has just
/// asked for the call); inbound rings are answered automatically too unless <see cref="AnswersInbound"/> is false, when
/// the test or scenario drives the ring itself.
/// </summary>
public sealed class SimulatedSoftphoneAgent : IAsyncDisposable
{
    private static readonly TimeSpan ConnectPatience = TimeSpan.FromSeconds(10);
    private readonly string _password;
    private readonly Channel<SoftphoneCall> _answered = Channel.CreateUnbounded<SoftphoneCall>();
    private readonly List<SoftphoneCall> _calls = [];
    // Calls that ended: a connection that completes for one of them afterwards is closed at once.
    private readonly HashSet<string> _endedCalls = [];
    private readonly IPAddress _address;
    private Func<IAudioSource>? _voice;

    private SimulatedSoftphoneAgent(string agentId, string password, DesktopClient desktop, IPAddress address)
    {
        AgentId = agentId;
        _password = password;
        Desktop = desktop;
        _address = address;
        desktop.Ringing += ring =>
        {
            // A call may ring again (a re-offer): what ended before is not this ring.
            if (ring.State == "ringing") lock (_calls) _endedCalls.Remove(ring.Call);
            if (ring.State == "ringing" && (ring.IsOutbound || AnswersInbound)) _ = AnswerAsync(ring);
            // A ring that ended unanswered (the caller hung up, the offer timed out) takes its connection with it.
            if (ring.State == "ended") _ = HangUpSoftphoneAsync(ring.Call);
        };
        // The browser closes a call's peer connection when the desktop shows the call ended.
        desktop.CallChanged += call =>
        {
            if (call.State == "ended") _ = HangUpSoftphoneAsync(call.Call);
        };
    }

    public string AgentId { get; }
    public DesktopClient Desktop { get; }

    /// <summary>Answer inbound rings automatically (true by default).</summary>
    public bool AnswersInbound { get; set; } = true;

    /// <summary>Why the last automatic answer failed, if one did (an error from the contact centre, a failed handshake).</summary>
    public string? LastFailure { get; private set; }

    public static async Task<SimulatedSoftphoneAgent> StartAsync(string agentId, string password, Uri desktop, IPAddress? address = null, CancellationToken cancel = default) =>
        new(agentId, password, await DesktopClient.ConnectAsync(desktop, cancel), address ?? IPAddress.Loopback);

    /// <summary>What the agent says on answered calls.</summary>
    public void SpeaksWith(Func<IAudioSource> voice) => _voice = voice;

    /// <summary>Logs in with the softphone and waits until the desktop shows the agent Ready.</summary>
    public async Task LogInAsync(TimeSpan? timeout = null)
    {
        await Desktop.LoginAsync(AgentId, _password, "softphone");
        await Desktop.NextAsync("state", timeout ?? TimeSpan.FromSeconds(10), m => m.GetProperty("state").GetString() == "Ready");
    }

    /// <summary>The next call this agent answered on the softphone.</summary>
    public async Task<SoftphoneCall> NextCallAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await _answered.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{AgentId} answered no softphone call within {timeout.TotalSeconds:0.#} s{(LastFailure is null ? "" : $" (last failure: {LastFailure})")}.");
        }
    }

    /// <summary>The agent's call reaching <paramref name="state"/>, as the desktop shows it.</summary>
    public Task<DesktopCall> WaitForCallAsync(string state, TimeSpan timeout) => Desktop.NextCallStateAsync(state, timeout);

    /// <summary>
    /// Calls a number out: the contact centre rings this agent's softphone first (answered at once), then the number.
    /// Returns the agent's side of the call once the number answered.
    /// </summary>
    public async Task<SoftphoneCall> CallOutAsync(string number, TimeSpan timeout)
    {
        await Desktop.CallAsync(number);
        var call = await NextCallAsync(timeout);
        await WaitForCallAsync("connected", timeout);
        return call;
    }

    /// <summary>Connects the softphone for a ringing call (offer, answer, ICE, DTLS), then answers it.</summary>
    public async Task<SoftphoneCall> AnswerAsync(DesktopRing ring)
    {
        SoftphoneCall call;
        try
        {
            call = await Desktop.ConnectSoftphoneAsync(ring, ConnectPatience, _address);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or FormatException or IOException or OperationCanceledException)
        {
            LastFailure = $"call {ring.Call}: {e.Message}";
            throw;
        }
        bool endedMeanwhile;
        lock (_calls)
        {
            endedMeanwhile = _endedCalls.Contains(ring.Call);
            if (!endedMeanwhile) _calls.Add(call);
        }
        if (endedMeanwhile)
        {
            await call.DisposeAsync();
            LastFailure = $"call {ring.Call}: it ended while the softphone connected";
            throw new InvalidOperationException(LastFailure);
        }
        if (_voice is { } voice) call.Say(voice());
        await Desktop.AnswerAsync(ring.Call);
        _answered.Writer.TryWrite(call);
        return call;
    }

    private async Task HangUpSoftphoneAsync(string callId)
    {
        List<SoftphoneCall> ended;
        lock (_calls)
        {
            _endedCalls.Add(callId);
            ended = _calls.Where(c => c.CallId == callId).ToList();
            _calls.RemoveAll(ended.Contains);
        }
        foreach (var call in ended) await call.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Desktop.DisposeAsync();
        List<SoftphoneCall> calls;
        lock (_calls) calls = [.. _calls];
        foreach (var call in calls) await call.DisposeAsync();
    }
}
