using System.Net;
using System.Threading.Channels;
using ContactCentre.Media;
using ContactCentre.Sip;

namespace ContactCentre.Simulator.Phones;

/// <summary>
/// A SIP phone with RTP audio, for callers and for agents' external phones. It can dial, and it can
/// answer incoming calls automatically (as an agent's phone set to auto-answer does).
/// </summary>
public sealed class SimulatedPhone : IAsyncDisposable
{
    private readonly SipEndpoint _sip;
    private readonly IPAddress _address;
    private readonly Channel<PhoneCall> _incoming = Channel.CreateUnbounded<PhoneCall>();
    private readonly Channel<IncomingCall> _unanswered = Channel.CreateUnbounded<IncomingCall>();

    private SimulatedPhone(SipEndpoint sip, IPAddress address, string user)
    {
        _sip = sip;
        _address = address;
        User = user;
        _sip.OnInvite = AnswerAsync;
    }

    public string User { get; }
    public IPEndPoint SipEndPoint => _sip.LocalEndPoint;
    public string Uri => $"sip:{User}@{_sip.LocalEndPoint.Address}:{_sip.LocalEndPoint.Port}";

    /// <summary>Codecs offered, in order of preference.</summary>
    public IReadOnlyList<SdpFormat> Codecs { get; set; } =
        [new(0, "PCMU", 8000), new(8, "PCMA", 8000), new(101, "telephone-event", 8000, "0-16")];

    /// <summary>When false, incoming calls are refused with 486 Busy Here.</summary>
    public bool AutoAnswer { get; set; } = true;

    /// <summary>When true, incoming calls ring (180) and are never picked up, until the caller cancels them.</summary>
    public bool RingsUnanswered { get; set; }

    /// <summary>What the phone says on calls it answers (the agent's voice); silence when null.</summary>
    public Func<IAudioSource>? AnswerWith { get; set; }

    public static async Task<SimulatedPhone> StartAsync(string user, IPAddress? address = null, CancellationToken cancel = default)
    {
        address ??= IPAddress.Loopback;
        var sip = await SipEndpoint.StartAsync(new SipEndpointOptions(address, 0, EnableTcp: false, UserAgent: "ContactCentreRef-Simulator"), cancel);
        return new SimulatedPhone(sip, address, user);
    }

    /// <summary>Dials a number at a SIP server. The result has the final response and, if answered, the call.</summary>
    public Task<(SipResponse Response, PhoneCall? Call)> DialAsync(IPEndPoint server, string number, CancellationToken cancel = default) =>
        DialAsync(server, number, [], cancel);

    /// <summary>Dials with extra INVITE headers, as a carrier adds them (Diversion, History-Info for a forwarded call).</summary>
    public async Task<(SipResponse Response, PhoneCall? Call)> DialAsync(IPEndPoint server, string number,
        IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancel = default)
    {
        var media = RtpSession.Open(_address);
        var listening = PhoneCall.Listen(media);
        try
        {
            var offer = SdpMessage.CreateAudio(media.LocalEndPoint.Address, media.LocalEndPoint.Port, Codecs).ToString();
            var target = $"sip:{number}@{server.Address}:{server.Port}";
            var result = await _sip.InviteAsync(new OutgoingCallOptions(target, server, Uri, target, offer) { ExtraHeaders = headers }, cancel);
            if (!result.Answered)
            {
                media.Dispose();
                return (result.FinalResponse, null);
            }
            var dialog = result.Dialog!;
            Point(media, dialog.RemoteSdp);
            return (result.FinalResponse, new PhoneCall(dialog, media, listening));
        }
        catch
        {
            media.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Registers this phone's contact under <paramref name="addressOfRecord"/> at a registrar, answering its
    /// digest challenge with the credentials; returns the final response.
    /// </summary>
    public Task<SipResponse> RegisterAsync(IPEndPoint registrar, string addressOfRecord, SipCredentials credentials,
        TimeSpan? expires = null, CancellationToken cancel = default)
    {
        var register = new SipRequest("REGISTER", $"sip:{registrar.Address}:{registrar.Port}");
        register.Headers.Add("From", $"<{addressOfRecord}>;tag={Guid.NewGuid():N}");
        register.Headers.Add("To", $"<{addressOfRecord}>");
        register.Headers.Add("Contact", $"<{Uri}>");
        register.Headers.Add("Expires", ((int)(expires ?? TimeSpan.FromHours(1)).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return _sip.SendRequestAsync(register, registrar, credentials, SipTransportKind.Udp, cancel);
    }

    /// <summary>Sends OPTIONS (the usual liveness probe) and returns the response.</summary>
    public Task<SipResponse> ProbeAsync(IPEndPoint server, CancellationToken cancel = default) =>
        _sip.SendRequestAsync(new SipRequest("OPTIONS", $"sip:{server.Address}:{server.Port}"), server, SipTransportKind.Udp, cancel);

    /// <summary>The next call that rang this phone while <see cref="RingsUnanswered"/>; its <c>Cancelled</c> fires when the caller gives up.</summary>
    public async Task<IncomingCall> NextUnansweredCallAsync(TimeSpan timeout, CancellationToken cancel = default) =>
        await _unanswered.Reader.ReadAsync(cancel).AsTask().WaitAsync(timeout, cancel);

    /// <summary>The next call this phone answered.</summary>
    public async Task<PhoneCall> NextAnsweredCallAsync(TimeSpan timeout, CancellationToken cancel = default) =>
        await _incoming.Reader.ReadAsync(cancel).AsTask().WaitAsync(timeout, cancel);

    private async Task AnswerAsync(IncomingCall call)
    {
        long rang = System.Diagnostics.Stopwatch.GetTimestamp();
        if (RingsUnanswered)
        {
            // The stack answers the CANCEL (200, then 487 for the INVITE); the phone goes on ringing till then. The handler
            // must not return before: a handler that ends without a final response gets 500 sent for it.
            await call.RingAsync();
            _unanswered.Writer.TryWrite(call);
            var cancelled = new TaskCompletionSource();
            using (call.Cancelled.Register(() => cancelled.TrySetResult()))
                await cancelled.Task;
            return;
        }
        if (!AutoAnswer)
        {
            await call.RejectAsync(486, "Busy Here");
            return;
        }
        if (!SdpMessage.TryParse(call.Invite.BodyText, out var offer, out _) || offer is null
            || SdpNegotiation.Choose(offer, Codecs.Select(c => c.EncodingName).Where(n => n != "telephone-event").ToList()) is not { } choice)
        {
            await call.RejectAsync(488, "Not Acceptable Here");
            return;
        }
        var media = RtpSession.Open(_address);
        var listening = PhoneCall.Listen(media);
        try
        {
            Apply(media, choice);
            var formats = new List<SdpFormat> { choice.Codec };
            if (choice.TelephoneEvent is not null) formats.Add(choice.TelephoneEvent);
            await call.RingAsync();
            long answering = System.Diagnostics.Stopwatch.GetTimestamp();
            var dialog = await call.AcceptAsync(SdpMessage.CreateAudio(media.LocalEndPoint.Address, media.LocalEndPoint.Port, formats).ToString());
            var answered = new PhoneCall(dialog, media, listening) { CalledUri = call.Invite.RequestUri, RangAt = rang, AnsweredAt = answering };
            if (AnswerWith is not null) answered.Say(AnswerWith());
            _incoming.Writer.TryWrite(answered);
        }
        catch
        {
            media.Dispose();
            throw;
        }
    }

    private static void Point(RtpSession media, string remoteSdp)
    {
        if (SdpMessage.TryParse(remoteSdp, out var answer, out _) && answer is not null
            && SdpNegotiation.Choose(answer, ["PCMU", "PCMA"]) is { } choice)
            Apply(media, choice);
    }

    private static void Apply(RtpSession media, SdpAnswerChoice choice)
    {
        media.UseNegotiated(choice.RemoteRtp, choice.Codec.EncodingName, choice.TelephoneEvent?.PayloadType);
    }

    public async ValueTask DisposeAsync() => await _sip.DisposeAsync();
}
