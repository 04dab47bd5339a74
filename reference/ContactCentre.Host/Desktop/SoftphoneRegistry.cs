using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using ContactCentre.Actors.Ports;
using ContactCentre.Host.Calls;
using ContactCentre.Media.WebRtc;

namespace ContactCentre.Host.Desktop;

/// <summary>
/// The agents' softphones (docs/agent-protocol.md, "Softphone"): which desktops each agent has open, the softphone
/// calls ringing in them, and the answered softphone legs. A ring goes to every open desktop of the agent; one of them
/// sends the browser's <c>webrtcOffer</c>, gets our <c>webrtcAnswer</c>, and answers or rejects. ICE and DTLS run while
/// it rings, so the answered leg has audio at once.
/// </summary>
public sealed class SoftphoneRegistry(IPAddress mediaAddress, DtlsCertificate certificate, PromptLibrary prompts, TimeSpan offerTimeout, ILogger<SoftphoneRegistry> log)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<ChannelWriter<string>>> _desktops = new(StringComparer.Ordinal);
    private readonly List<Ringing> _ringing = [];
    private readonly List<SoftphoneCallLeg> _connected = [];
    private long _answers;

    /// <summary>A desktop logged in as <paramref name="agentId"/>: it gets the agent's rings from now on.</summary>
    public void DesktopOpened(string agentId, ChannelWriter<string> desktop)
    {
        lock (_gate)
        {
            if (!_desktops.TryGetValue(agentId, out var open)) _desktops[agentId] = open = [];
            if (!open.Contains(desktop)) open.Add(desktop);
        }
    }

    /// <summary>
    /// A desktop closed (or logged in as someone else). The agent's last desktop closing fails what rings there and
    /// ends the agent's softphone calls: the softphone lived in it.
    /// </summary>
    public void DesktopClosed(string agentId, ChannelWriter<string> desktop)
    {
        List<Ringing> ringing;
        List<SoftphoneCallLeg> connected;
        lock (_gate)
        {
            if (!_desktops.TryGetValue(agentId, out var open) || !open.Remove(desktop)) return;
            // The softphone lived in the desktop that offered it: its leg goes with it, ringing or connected.
            connected = _connected.Where(l => l.AgentId == agentId && (open.Count == 0 || l.Desktop == desktop)).ToList();
            if (open.Count > 0)
            {
                foreach (var r in _ringing.Where(r => r.AgentId == agentId && r.OfferedBy == desktop))
                {
                    // Another desktop of the agent may still offer and answer it.
                    r.Leg?.Dispose();
                    r.Leg = null;
                    r.OfferedBy = null;
                }
                ringing = [];
            }
            else
            {
                _desktops.Remove(agentId);
                ringing = _ringing.Where(r => r.AgentId == agentId).ToList();
            }
        }
        foreach (var r in ringing) Finish(r, new DialResult(null, "the agent's desktop closed"), "the agent's desktop closed");
        foreach (var leg in connected) leg.End("the softphone closed");
    }

    /// <summary>
    /// Rings the agent's softphone: a <c>ring</c> to every open desktop of the agent, then waits for an answer, a
    /// rejection, the offer timeout or <paramref name="cancel"/> (the caller hung up, the offer was withdrawn).
    /// </summary>
    public async Task<DialResult> RingAsync(string agentId, OfferDetails offer, CancellationToken cancel)
    {
        var direction = offer.Outbound ? "outbound" : "inbound";
        var ringing = new Ringing(agentId, offer.CallId, offer.Caller, offer.Queue, direction);
        lock (_gate)
        {
            if (!_desktops.ContainsKey(agentId)) return new DialResult(null, "the agent's desktop is closed");
            _ringing.Add(ringing);
            // Sent under the lock, so that a ring is in every desktop's outbox before any reply to it can be.
            Send(agentId, RingMessage(ringing, "ringing", null));
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(offerTimeout);
        await using (timeout.Token.Register(() => Finish(ringing,
            new DialResult(null, cancel.IsCancellationRequested ? "cancelled" : $"no answer in {offerTimeout.TotalSeconds:0} s"),
            cancel.IsCancellationRequested ? "cancelled" : "no answer")))
        {
            return await ringing.Result.Task.ConfigureAwait(false);
        }
    }

    /// <summary>True while a softphone call rings for the agent: its answer and reject are for this registry.</summary>
    public bool IsRinging(string agentId)
    {
        lock (_gate) return _ringing.Any(r => r.AgentId == agentId);
    }

    /// <summary>
    /// The browser's SDP offer for a ringing call: opens the WebRTC leg and returns the <c>webrtcAnswer</c> message,
    /// or an <c>error</c> naming what is wrong (nothing else changes then).
    /// </summary>
    /// <param name="desktop">The desktop that sends it: the leg lives and dies with that desktop.</param>
    public string WebRtcOffer(string agentId, string? callId, string? sdp, ChannelWriter<string> desktop)
    {
        if (sdp is null) return Error("webrtcOffer: field 'sdp' is missing or not text (the softphone's SDP offer)");
        Ringing? ringing;
        lock (_gate) ringing = Find(agentId, callId);
        if (ringing is null)
        {
            return Error(callId is null
                ? $"webrtcOffer: no call rings {agentId}'s softphone"
                : $"webrtcOffer: field 'call': call '{callId}' is not ringing {agentId}'s softphone");
        }

        WebRtcSessionDescription remote;
        try
        {
            remote = WebRtcSdp.Parse(sdp);
            if (!remote.RtcpMux) throw new NotSupportedException("the offer does not use rtcp-mux (RFC 5761)");
            if (remote.AudioFormats.Count == 0) throw new NotSupportedException("the offer has neither PCMU nor PCMA");
        }
        catch (Exception e) when (e is FormatException or NotSupportedException)
        {
            return Error($"webrtcOffer: field 'sdp': {e.Message}");
        }

        var leg = WebRtcLeg.Open(mediaAddress, certificate);
        string answer;
        try
        {
            answer = WebRtcSdp.CreateAnswer(remote, leg);
            // Started before anyone can answer with it: ICE and DTLS run while the call rings.
            leg.Start(remote, remote.WeAreDtlsServer);
            lock (_gate)
            {
                if (ringing.Finished)
                {
                    leg.Dispose();
                    return Error($"webrtcOffer: field 'call': call '{ringing.CallId}' is no longer ringing");
                }
                if (ringing.Leg is not null)
                {
                    leg.Dispose();
                    return Error($"webrtcOffer: call '{ringing.CallId}' already has the softphone's offer (one per call)");
                }
                ringing.Leg = leg;
                ringing.OfferedBy = desktop;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            leg.Dispose();
            log.LogWarning("The softphone offer of {Agent} for {Call} failed: {Error}", agentId, ringing.CallId, e.Message);
            return Error($"webrtcOffer: field 'sdp': {e.Message}");
        }
        return JsonSerializer.Serialize(new { type = "webrtcAnswer", call = ringing.CallId, sdp = answer });
    }

    /// <summary>The agent answers the ringing softphone call: the dial completes with the softphone's leg. Returns an error message or null.</summary>
    public string? Answer(string agentId, string? callId)
    {
        SoftphoneCallLeg? answered = null;
        Ringing? ringing;
        string? failed;
        lock (_gate)
        {
            ringing = Find(agentId, callId);
            if (ringing is null) return Error($"answer: no call rings {agentId}'s softphone");
            if (ringing.Leg is not { } leg) return Error("answer: send webrtcOffer with the softphone's SDP first");
            failed = leg.Secured.IsFaulted ? "its DTLS handshake failed"
                : leg.HasConsent || leg.LastConsent is null ? null : "its ICE consent lapsed";
            if (failed is null)
            {
                // A call may ring the same agent again (a re-offer): each answer is a leg of its own.
                answered = new SoftphoneCallLeg($"softphone-{agentId}-{ringing.CallId}-{++_answers}", agentId, leg, prompts)
                {
                    Desktop = ringing.OfferedBy,
                };
                ringing.Leg = null; // the answered leg owns it now
                // Watched before anything can end it (a failed handshake ends it from the thread pool).
                answered.Ended += l =>
                {
                    lock (_gate) _connected.Remove(l);
                };
                _connected.Add(answered);
            }
        }
        if (answered is null)
        {
            // A softphone that cannot carry audio does not take the call: it goes on as an offer that failed.
            Finish(ringing, new DialResult(null, $"the softphone's connection failed: {failed}"), "the softphone's connection failed");
            return Error($"answer: the softphone's connection failed ({failed}); the call goes on without it");
        }
        // An end that came before the watch was set (a handshake failing at once) would never remove it.
        if (answered.IsEnded)
            lock (_gate) _connected.Remove(answered);
        if (Finish(ringing, new DialResult(answered, "answered"), "answered")) return null;
        // It stopped ringing (cancelled, timed out) just before the answer: the leg is nobody's.
        answered.End("the call stopped ringing");
        return Error("answer: the call is no longer ringing");
    }

    /// <summary>The agent rejects the ringing softphone call. Returns an error message or null.</summary>
    public string? Reject(string agentId, string? callId)
    {
        Ringing? ringing;
        lock (_gate) ringing = Find(agentId, callId);
        if (ringing is null) return Error($"reject: no call rings {agentId}'s softphone");
        Finish(ringing, new DialResult(null, "rejected at the desktop"), "rejected");
        return null;
    }

    private Ringing? Find(string agentId, string? callId) =>
        _ringing.FirstOrDefault(r => r.AgentId == agentId && (callId is null || r.CallId == callId));

    /// <summary>Ends a ring once: the dial gets its result, an unanswered leg is closed, and the desktops hear how it ended.</summary>
    private bool Finish(Ringing ringing, DialResult result, string how)
    {
        WebRtcLeg? unanswered;
        lock (_gate)
        {
            if (ringing.Finished) return false;
            ringing.Finished = true;
            _ringing.Remove(ringing);
            unanswered = ringing.Leg;
            ringing.Leg = null;
            Send(ringing.AgentId, RingMessage(ringing, result.Answered ? "answered" : "ended", result.Answered ? null : how));
        }
        unanswered?.Dispose();
        ringing.Result.TrySetResult(result);
        return true;
    }

    private void Send(string agentId, string message)
    {
        if (!_desktops.TryGetValue(agentId, out var open)) return;
        foreach (var desktop in open) desktop.TryWrite(message);
    }

    private static string RingMessage(Ringing r, string state, string? reason) => JsonSerializer.Serialize(new
    {
        type = "ring",
        call = r.CallId,
        party = r.Party,
        queue = r.Queue,
        direction = r.Direction,
        state,
        reason,
    });

    private static string Error(string text) => JsonSerializer.Serialize(new { type = "error", message = text });

    private sealed class Ringing(string agentId, string callId, string party, string queue, string direction)
    {
        public string AgentId { get; } = agentId;
        public string CallId { get; } = callId;
        public string Party { get; } = party;
        public string Queue { get; } = queue;
        public string Direction { get; } = direction;
        public WebRtcLeg? Leg { get; set; }
        public ChannelWriter<string>? OfferedBy { get; set; }
        public bool Finished { get; set; }
        public TaskCompletionSource<DialResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
