using System.Net;
using System.Threading.Channels;
using ContactCentre.Media;
using ContactCentre.Sip;

namespace ContactCentre.Host.Tests;

/// <summary>
/// A carrier's side of a trunk on 127.0.0.1: records each (authenticated) INVITE it is sent and answers it with a tone, or refuses
/// it with the status the test chose.
/// </summary>
internal sealed class FarEndCarrier : IAsyncDisposable
{
    private readonly SipEndpoint _sip;
    private readonly List<RtpSession> _media = [];

    /// <param name="credentials">When set, an INVITE must answer the carrier's 407 challenge with them (RFC 3261 §22.3).</param>
    private FarEndCarrier(SipEndpoint sip, SipCredentials? credentials)
    {
        _sip = sip;
        if (credentials is null)
        {
            _sip.OnInvite = AnswerAsync;
            return;
        }
        var store = new InMemorySipCredentialStore();
        store.Set(credentials.Username, credentials.Password);
        _sip.OnInvite = new DigestAuthenticator("carrier.example", store).ProtectInvites(AnswerAsync, DigestChallengeKind.Proxy);
    }

    public IPEndPoint EndPoint => _sip.LocalEndPoint;
    public Channel<SipRequest> Invites { get; } = Channel.CreateUnbounded<SipRequest>();

    /// <summary>The tone the far end says when it answers.</summary>
    public double ToneHz { get; init; } = 700;

    /// <summary>When set, INVITEs are refused with this status (486 Busy Here) instead of answered.</summary>
    public (int Status, string Reason)? Refuse { get; init; }

    public static async Task<FarEndCarrier> StartAsync(double toneHz = 700, (int, string)? refuse = null, SipCredentials? credentials = null) =>
        new(await SipEndpoint.StartAsync(new SipEndpointOptions(IPAddress.Loopback, 0, EnableTcp: false, UserAgent: "FarEndCarrier")), credentials)
        {
            ToneHz = toneHz,
            Refuse = refuse,
        };

    public async Task<SipRequest> NextInviteAsync(TimeSpan timeout) => await Invites.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    private async Task AnswerAsync(IncomingCall call)
    {
        Invites.Writer.TryWrite(call.Invite);
        if (Refuse is { } refuse)
        {
            await call.RejectAsync(refuse.Status, refuse.Reason);
            return;
        }
        if (!SdpMessage.TryParse(call.Invite.BodyText, out var offer, out _) || offer is null
            || SdpNegotiation.Choose(offer, ["PCMU", "PCMA"]) is not { } choice)
        {
            await call.RejectAsync(488, "Not Acceptable Here");
            return;
        }
        var media = RtpSession.Open(IPAddress.Loopback);
        lock (_media) _media.Add(media);
        media.UseNegotiated(choice.RemoteRtp, choice.Codec.EncodingName, choice.TelephoneEvent?.PayloadType);
        await call.AcceptAsync(SdpMessage.CreateAudio(media.LocalEndPoint.Address, media.LocalEndPoint.Port, [choice.Codec]).ToString());
        media.Play(new ToneSource(ToneHz));
    }

    public async ValueTask DisposeAsync()
    {
        await _sip.DisposeAsync();
        lock (_media) _media.ForEach(m => m.Dispose());
    }
}
