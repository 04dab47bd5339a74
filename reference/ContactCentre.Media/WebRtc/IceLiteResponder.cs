using System.Net;
using System.Text;

namespace ContactCentre.Media.WebRtc;

/// <summary>What <see cref="IceLiteResponder.Answer"/> did with a datagram.</summary>
public enum IceCheckOutcome
{
    /// <summary>Not a STUN message (or a broken one): not for ICE.</summary>
    NotStun,

    /// <summary>A STUN message that needs no answer (a response or indication, e.g. a consent keepalive).</summary>
    Ignored,

    /// <summary>A valid Binding request: a success response was written.</summary>
    Answered,

    /// <summary>A Binding request that failed a check: an error response (400, 401 or 420) was written.</summary>
    Rejected,
}

/// <summary>
/// The responder side of an ICE-lite agent (RFC 8445 §2.5, §7.3): answers connectivity checks whose USERNAME is
/// "ourUfrag:theirUfrag" and whose MESSAGE-INTEGRITY verifies with our password, reflecting the source as
/// XOR-MAPPED-ADDRESS. A lite agent never checks or nominates itself: the full agent's USE-CANDIDATE picks the
/// pair. Each valid check is also consent to send (RFC 7675 §5.1); consent lapses 30 s after the last one.
/// Thread-safe: checks arrive on a socket thread while the media threads ask about consent.
/// </summary>
public sealed class IceLiteResponder(IceCredentials local, TimeProvider? time = null)
{
    /// <summary>RFC 7675 §5.1: without a valid check for 30 s, stop sending.</summary>
    public static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);

    private const int MaxResponseLength = 256;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly byte[] _key = Encoding.UTF8.GetBytes(local.Password);
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastConsent;
    private IPEndPoint? _selected;
    private bool _nominated;

    public IceCredentials Local { get; } = local;

    /// <summary>The peer's ice-ufrag from its SDP; when set, a check naming another is refused (401).</summary>
    public string? RemoteUfrag { get; set; }

    /// <summary>Raised (on the caller's thread) when a check with USE-CANDIDATE selects a new remote address.</summary>
    public event Action<IPEndPoint>? Nominated;

    /// <summary>The address the full agent nominated with USE-CANDIDATE, else the last one that passed a check.</summary>
    public IPEndPoint? SelectedRemote
    {
        get
        {
            lock (_gate)
            {
                return _selected;
            }
        }
    }

    public bool IsNominated
    {
        get
        {
            lock (_gate)
            {
                return _nominated;
            }
        }
    }

    public DateTimeOffset? LastConsent
    {
        get
        {
            lock (_gate)
            {
                return _lastConsent;
            }
        }
    }

    /// <summary>RFC 7675: a valid check arrived less than <see cref="ConsentTimeout"/> ago.</summary>
    public bool HasConsent => LastConsent is { } last && _time.GetUtcNow() - last < ConsentTimeout;

    /// <summary>Largest response <see cref="Answer"/> writes; size the buffer by it.</summary>
    public static int ResponseBufferLength => MaxResponseLength;

    /// <summary>Checks <paramref name="datagram"/> and, for a Binding request, writes the answer into <paramref name="response"/>.</summary>
    public IceCheckOutcome Answer(ReadOnlySpan<byte> datagram, IPEndPoint source, Span<byte> response, out int responseLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        responseLength = 0;
        if (!StunMessage.TryParse(datagram, out var request))
        {
            return IceCheckOutcome.NotStun;
        }

        if (request.Type != StunMessageType.BindingRequest)
        {
            return IceCheckOutcome.Ignored;
        }

        // RFC 8489 §9.1.3 order: missing credentials 400, wrong ones 401, then unknown mandatory attributes 420.
        string? username = request.Username;
        if (username is null || !request.HasMessageIntegrity)
        {
            responseLength = WriteError(response, request, 400, "Bad Request");
            return IceCheckOutcome.Rejected;
        }

        if (!NamesUs(username) || !request.VerifyMessageIntegrity(_key))
        {
            responseLength = WriteError(response, request, 401, "Unauthorized");
            return IceCheckOutcome.Rejected;
        }

        var unknown = request.UnknownComprehensionRequired();
        if (unknown.Count > 0)
        {
            responseLength = WriteError(response, request, 420, "Unknown Attribute", unknown);
            return IceCheckOutcome.Rejected;
        }

        bool useCandidate = request.HasAttribute(StunAttributeType.UseCandidate);
        bool newlyNominated;
        lock (_gate)
        {
            _lastConsent = _time.GetUtcNow();
            newlyNominated = useCandidate && !(_nominated && source.Equals(_selected));
            if (useCandidate || !_nominated)
            {
                _selected = source;
            }

            _nominated |= useCandidate;
        }

        var writer = new StunMessageWriter(response[..MaxResponseLength], StunMessageType.BindingSuccessResponse, request.TransactionId);
        writer.AddXorMappedAddress(source);
        writer.AddMessageIntegrity(_key);
        responseLength = writer.AddFingerprint();
        if (newlyNominated)
        {
            Nominated?.Invoke(source);
        }

        return IceCheckOutcome.Answered;
    }

    /// <summary>RFC 8445 §7.3: USERNAME is "our ufrag:their ufrag".</summary>
    private bool NamesUs(string username)
    {
        int colon = username.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !username.AsSpan(0, colon).SequenceEqual(Local.Ufrag))
        {
            return false;
        }

        return RemoteUfrag is not { } remote || username.AsSpan(colon + 1).SequenceEqual(remote);
    }

    /// <summary>Error responses carry no MESSAGE-INTEGRITY: the request could not be authenticated (RFC 8489 §9.1.3).</summary>
    private static int WriteError(Span<byte> response, StunMessage request, int code, string reason, IReadOnlyList<ushort>? unknown = null)
    {
        var writer = new StunMessageWriter(response[..MaxResponseLength], StunMessageType.BindingErrorResponse, request.TransactionId);
        writer.AddErrorCode(code, reason);
        if (unknown is not null)
        {
            Span<byte> types = stackalloc byte[Math.Min(unknown.Count, 16) * 2];
            for (var i = 0; i < types.Length / 2; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(types[(i * 2)..], unknown[i]);
            }

            writer.AddAttribute(StunAttributeType.UnknownAttributes, types);
        }

        return writer.AddFingerprint();
    }
}
