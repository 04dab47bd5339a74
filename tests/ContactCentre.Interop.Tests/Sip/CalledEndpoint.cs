using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ContactCentre.Interop.Tests.Peers;
using ContactCentre.Sip;

namespace ContactCentre.Interop.Tests.Sip;

/// <summary>How our endpoint treats each INVITE it receives.</summary>
public enum CalledBehaviour
{
    /// <summary>
    /// 180 Ringing, then 200 OK with a PCMU answer; a re-INVITE's offer is answered with the mirrored
    /// direction (RFC 3264 §6.1: sendonly → recvonly); the caller hangs up with BYE.
    /// </summary>
    RingsThenAnswers,

    /// <summary>180 Ringing and nothing more, until the caller cancels (or a 30 s limit answers 480).</summary>
    RingsForever,
}

/// <summary>
/// Our <see cref="SipEndpoint"/> on 127.0.0.1 as the called party (UAS) of a SIPp caller: counts what
/// happened to each call, and keeps the endpoint's diagnostics for failure messages.
/// </summary>
public sealed class CalledEndpoint : IAsyncDisposable
{
    private static readonly TimeSpan RingLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly SipEndpoint _endpoint;
    private readonly CalledBehaviour _behaviour;
    private readonly ConcurrentQueue<string> _diagnostics = new();
    private readonly ConcurrentDictionary<string, string> _unfinished = new(StringComparer.Ordinal);
    private readonly string _answer;
    private readonly ConcurrentQueue<string> _offeredDirections = new();
    private readonly ConcurrentQueue<string> _transferTargets = new();
    private readonly ConcurrentQueue<int> _notifyAnswers = new();
    private int _invites;
    private int _answered;
    private int _cancelled;
    private int _failed;

    private CalledEndpoint(SipEndpoint endpoint, CalledBehaviour behaviour, DigestAuthenticator? authenticator)
    {
        _endpoint = endpoint;
        _behaviour = behaviour;
        // SIPp's built-in callers send no RTP, so the answer's media port only has to be well formed.
        _answer = SdpMessage.CreateAudio(IPAddress.Loopback, 40_000, [SdpFormat.Pcmu], sessionId: 1).ToString();
        _endpoint.Diagnostic += line => _diagnostics.Enqueue(line);
        _endpoint.OnInvite = authenticator is null ? OnInviteAsync : authenticator.ProtectInvites(OnInviteAsync);
    }

    /// <param name="authenticator">When set, only INVITEs that pass its Digest check reach the call handling.</param>
    public static async Task<CalledEndpoint> StartAsync(
        CalledBehaviour behaviour = CalledBehaviour.RingsThenAnswers, DigestAuthenticator? authenticator = null)
    {
        var endpoint = await SipEndpoint.StartAsync(new SipEndpointOptions(IPAddress.Loopback, 0, EnableTcp: false));
        return new CalledEndpoint(endpoint, behaviour, authenticator);
    }

    /// <summary>host:port for SIPp's command line.</summary>
    public string Address => $"{LoopbackPorts.Address}:{_endpoint.LocalEndPoint.Port}";

    public int Invites => Volatile.Read(ref _invites);

    /// <summary>Calls whose 200 OK was acknowledged.</summary>
    public int Answered => Volatile.Read(ref _answered);

    /// <summary>Calls the caller CANCELled while they rang.</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    /// <summary>Calls that ended in an exception on our side (no ACK, a final response already sent...).</summary>
    public int Failed => Volatile.Read(ref _failed);

    public int ActiveDialogs => _endpoint.ActiveDialogCount;

    /// <summary>The a= direction of each re-INVITE offer received, in order of arrival.</summary>
    public IReadOnlyCollection<string> OfferedDirections => _offeredDirections;

    /// <summary>The Refer-To of each REFER received in an answered call, in order of arrival.</summary>
    public IReadOnlyCollection<string> TransferTargets => _transferTargets;

    /// <summary>The status codes the caller answered our transfer NOTIFYs with.</summary>
    public IReadOnlyCollection<int> NotifyAnswers => _notifyAnswers;

    /// <summary>Waits until every dialog has ended (BYE received), or <paramref name="timeout"/> passes.</summary>
    public async Task<bool> WaitForNoDialogsAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_endpoint.ActiveDialogCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(PollInterval);
        }

        return _endpoint.ActiveDialogCount == 0;
    }

    public override string ToString() =>
        $"our UAS on {Address}: {Invites} INVITEs, {Answered} answered and ACKed, {Cancelled} cancelled, {Failed} failed, " +
        $"{ActiveDialogs} dialogs still open.\nunfinished calls: {string.Join(", ", _unfinished.Select(call => $"{call.Key} ({call.Value})"))}\n" +
        $"--- our diagnostics ---\n{string.Join('\n', _diagnostics.Take(50))}";

    private async Task OnInviteAsync(IncomingCall call)
    {
        Interlocked.Increment(ref _invites);
        var callId = call.Invite.CallId ?? "";
        _unfinished[callId] = "ringing";
        try
        {
            await call.RingAsync();
            if (_behaviour == CalledBehaviour.RingsThenAnswers)
            {
                _unfinished[callId] = "200 OK sent, waiting for ACK";
                var sdpVersion = 1;
                // Handlers go on before the 200 leaves: SIPp may send its re-INVITE right behind the ACK.
                var dialog = await call.AcceptAsync(_answer, prepared =>
                {
                    prepared.RequestReceived += request => AnswerOfferAsync(request, Interlocked.Increment(ref sdpVersion));
                    prepared.TransferRequested += (_, transfer) => Task.Run(() => ReportTransferAsync(transfer));
                });
                Interlocked.Increment(ref _answered);
                _unfinished[callId] = "ACKed, waiting for BYE";
                dialog.Terminated += (_, _) => _unfinished.TryRemove(callId, out _);
                if (dialog.IsTerminated)
                {
                    _unfinished.TryRemove(callId, out _);
                }

                return;
            }

            await Task.Delay(RingLimit, call.Cancelled);
            await call.RejectAsync(480, "Temporarily Unavailable");
        }
        catch (OperationCanceledException) when (call.Cancelled.IsCancellationRequested)
        {
            Interlocked.Increment(ref _cancelled);
            _unfinished.TryRemove(callId, out _);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failed);
            _diagnostics.Enqueue($"call {call.Invite.CallId} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Takes a REFER (the endpoint has answered 202) as a transfer that succeeds at once: NOTIFY 100 Trying,
    /// then NOTIFY 200 OK, which ends the implicit subscription (RFC 3515 §2.4.4, §2.4.7).
    /// </summary>
    private async Task ReportTransferAsync(SipTransfer transfer)
    {
        _transferTargets.Enqueue(transfer.ReferTo);
        try
        {
            _notifyAnswers.Enqueue((await transfer.NotifyAsync(100, "Trying")).StatusCode);
            _notifyAnswers.Enqueue((await transfer.NotifyAsync(200, "OK")).StatusCode);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failed);
            _diagnostics.Enqueue($"transfer {transfer} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <param name="sdpVersion">The o= version of this answer: one more than our previous SDP (RFC 3264 §8).</param>
    private async Task AnswerOfferAsync(SipServerRequest request, int sdpVersion)
    {
        if (request.Request.Method != "INVITE")
        {
            // These tests send nothing else in a dialog; say so rather than pretend to handle it.
            await request.RespondAsync(501, "Not Implemented");
            return;
        }

        if (!SdpMessage.TryParse(request.Request.BodyText, out var offer, out _) || offer!.Audio is not { } audio)
        {
            await request.RespondAsync(488, "Not Acceptable Here");
            return;
        }

        _offeredDirections.Enqueue(audio.Direction);
        var direction = audio.Direction switch
        {
            "sendonly" => "recvonly",
            "recvonly" => "sendonly",
            "inactive" => "inactive",
            _ => "sendrecv",
        };
        var answer = new SdpMessage
        {
            Origin = $"- 1 {sdpVersion} IN IP4 {IPAddress.Loopback}",
            SessionConnectionAddress = IPAddress.Loopback.ToString(),
            Media = SdpMessage.CreateAudio(IPAddress.Loopback, 40_000, [SdpFormat.Pcmu], direction).Media,
        };
        await request.RespondAsync(200, "OK", "application/sdp", Encoding.UTF8.GetBytes(answer.ToString()));
    }

    public ValueTask DisposeAsync() => _endpoint.DisposeAsync();
}
