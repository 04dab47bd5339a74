using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using ContactCentre.Interop.Tests.Peers;
using ContactCentre.Media;
using ContactCentre.Sip;

namespace ContactCentre.Interop.Tests.Phones;

/// <summary>How a digit reached us: RFC 4733 telephone-event in RTP, or a SIP INFO in the dialog.</summary>
public enum DtmfCarrier
{
    Rtp,
    SipInfo,
}

/// <summary>A digit the desk received and how it came.</summary>
public sealed record ReceivedDigit(char Digit, DtmfCarrier Carrier);

/// <summary>One in-dialog offer (re-INVITE or UPDATE) and the direction we answered it with.</summary>
public sealed record SessionChange(string Method, string OfferedDirection, string AnsweredDirection);

/// <summary>
/// Our <see cref="SipEndpoint"/> on 127.0.0.1 as an agent's desk that answers one call at a time with PCMU and
/// telephone-event on its own <see cref="RtpSession"/>. In-dialog offers are answered with the mirrored direction
/// (RFC 3264 §6.1: sendonly → recvonly), and every digit is kept with the way it arrived.
/// </summary>
public sealed class AnsweringDesk : IAsyncDisposable
{
    public const string User = "desk";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly SipEndpoint _endpoint;
    private readonly RtpSession _rtp;
    private readonly ConcurrentQueue<string> _diagnostics = new();
    private readonly ConcurrentQueue<SessionChange> _changes = new();
    private readonly ConcurrentQueue<ReceivedDigit> _digits = new();
    private readonly TaskCompletionSource<SipDialog> _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ulong _sessionId = (ulong)Random.Shared.NextInt64(1, int.MaxValue);
    private int _sdpVersion;
    private int _calls;

    private AnsweringDesk(SipEndpoint endpoint, RtpSession rtp)
    {
        _endpoint = endpoint;
        _rtp = rtp;
        _endpoint.Diagnostic += line => _diagnostics.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        _endpoint.OnInvite = OnInviteAsync;
        _rtp.DtmfReceived += (_, digit) => _digits.Enqueue(new ReceivedDigit(digit, DtmfCarrier.Rtp));
    }

    public static async Task<AnsweringDesk> StartAsync()
    {
        var endpoint = await SipEndpoint.StartAsync(new SipEndpointOptions(IPAddress.Loopback, 0, EnableTcp: false));
        return new AnsweringDesk(endpoint, RtpSession.Open(IPAddress.Loopback));
    }

    /// <summary>The address a phone dials: <c>sip:desk@127.0.0.1:PORT</c>.</summary>
    public string Uri => $"sip:{User}@{LoopbackPorts.Address}:{_endpoint.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture)}";

    public RtpSession Rtp => _rtp;

    /// <summary>Re-INVITEs and UPDATEs with an offer, in order of arrival.</summary>
    public IReadOnlyList<SessionChange> SessionChanges => [.. _changes];

    /// <summary>Digits received so far, in order of arrival.</summary>
    public IReadOnlyList<ReceivedDigit> Digits => [.. _digits];

    /// <summary>The answered call once its 200 OK is acknowledged.</summary>
    public async Task<SipDialog> WaitForCallAsync(TimeSpan timeout)
    {
        try
        {
            return await _answered.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No call was answered and acknowledged within {timeout.TotalSeconds:0.#} s.\n{this}");
        }
    }

    /// <summary>Why the call ended ("remote BYE", ...).</summary>
    public async Task<string> WaitForHangupAsync(TimeSpan timeout)
    {
        try
        {
            return await _ended.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The call did not end within {timeout.TotalSeconds:0.#} s.\n{this}");
        }
    }

    public Task WaitForSessionChangesAsync(int count, TimeSpan timeout) =>
        WaitUntilAsync(() => _changes.Count >= count, $"{count} session changes", timeout);

    public Task WaitForDigitsAsync(int count, TimeSpan timeout) =>
        WaitUntilAsync(() => _digits.Count >= count, $"{count} DTMF digits", timeout);

    public Task WaitForRtpPacketsAsync(long count, TimeSpan timeout) =>
        WaitUntilAsync(() => _rtp.PacketsReceived >= count, $"{count} RTP packets in all", timeout);

    /// <summary>An SDP of ours for this call's media in <paramref name="direction"/>; each one a new o= version (RFC 3264 §8).</summary>
    public string Sdp(SdpFormat telephoneEvent, string direction)
    {
        var version = Interlocked.Increment(ref _sdpVersion).ToString(CultureInfo.InvariantCulture);
        var id = _sessionId.ToString(CultureInfo.InvariantCulture);
        return new SdpMessage
        {
            Origin = $"- {id} {version} IN IP4 {LoopbackPorts.Address}",
            SessionConnectionAddress = LoopbackPorts.Address,
            Media = SdpMessage.CreateAudio(IPAddress.Loopback, _rtp.LocalEndPoint.Port, [SdpFormat.Pcmu, telephoneEvent], direction).Media,
        }.ToString();
    }

    public override string ToString() =>
        $"desk {Uri}: {Volatile.Read(ref _calls)} INVITEs, session changes [{string.Join(", ", _changes)}], " +
        $"digits [{string.Join(", ", _digits)}], RTP packets received {_rtp.PacketsReceived}\n" +
        $"--- our diagnostics ---\n{string.Join('\n', _diagnostics.Take(80))}";

    private async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Did not get {what} within {timeout.TotalSeconds:0.#} s.\n{this}");
            }

            await Task.Delay(PollInterval);
        }
    }

    private async Task OnInviteAsync(IncomingCall call)
    {
        if (Interlocked.Increment(ref _calls) > 1)
        {
            await call.RejectAsync(486, "Busy Here");
            return;
        }

        try
        {
            if (!SdpMessage.TryParse(call.Invite.BodyText, out var offer, out var error)
                || SdpNegotiation.Choose(offer!, ["PCMU"]) is not { } choice)
            {
                _diagnostics.Enqueue($"INVITE offer not acceptable ({error ?? "no PCMU"}):\n{call.Invite.BodyText}");
                await call.RejectAsync(488, "Not Acceptable Here");
                return;
            }

            // Without telephone-event in the offer we still answer; digits can then only come by INFO.
            var telephoneEvent = choice.TelephoneEvent ?? SdpFormat.TelephoneEvent;
            _rtp.TelephoneEventPayloadType = telephoneEvent.PayloadType;
            _rtp.RemoteEndPoint = choice.RemoteRtp;
            var dialog = await call.AcceptAsync(Sdp(telephoneEvent, "sendrecv"));
            dialog.DtmfReceived += (_, digit) => _digits.Enqueue(new ReceivedDigit(digit, DtmfCarrier.SipInfo));
            dialog.RequestReceived += request => AnswerInDialogAsync(request, telephoneEvent);
            dialog.Terminated += (_, reason) => _ended.TrySetResult(reason);
            if (dialog.IsTerminated)
            {
                _ended.TrySetResult("ended before it was handed over");
            }

            _answered.TrySetResult(dialog);
        }
        catch (Exception e) when (e is SipTransactionException or InvalidOperationException)
        {
            _diagnostics.Enqueue($"call {call.Invite.CallId} failed: {e.GetType().Name}: {e.Message}");
            _answered.TrySetException(e);
        }
    }

    private async Task AnswerInDialogAsync(SipServerRequest request, SdpFormat telephoneEvent)
    {
        var method = request.Request.Method;
        if (method == "INFO")
        {
            // A DTMF INFO was already reported through DtmfReceived; anything else in an INFO we do not use.
            await request.RespondAsync(200, "OK");
            return;
        }

        if (method is not ("INVITE" or "UPDATE"))
        {
            await request.RespondAsync(501, "Not Implemented");
            return;
        }

        if (!SdpMessage.TryParse(request.Request.BodyText, out var offer, out _) || offer!.Audio is not { } audio)
        {
            // An offerless re-INVITE would need our offer in the 2xx and the answer in the ACK; no phone here sends one.
            _diagnostics.Enqueue($"{method} without an audio offer:\n{request.Request}");
            await request.RespondAsync(488, "Not Acceptable Here");
            return;
        }

        _diagnostics.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {method} CSeq {request.Request.CSeq} offers a={audio.Direction}");
        var direction = audio.Direction switch
        {
            "sendonly" => "recvonly",
            "recvonly" => "sendonly",
            "inactive" => "inactive",
            _ => "sendrecv",
        };
        if (IPAddress.TryParse(offer.ConnectionAddress, out var address) && audio.Port != 0)
        {
            _rtp.RemoteEndPoint = new IPEndPoint(address, audio.Port);
        }

        _changes.Enqueue(new SessionChange(method, audio.Direction, direction));
        await request.RespondAsync(200, "OK", "application/sdp", Encoding.UTF8.GetBytes(Sdp(telephoneEvent, direction)));
    }

    public async ValueTask DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        _rtp.Dispose();
    }
}
