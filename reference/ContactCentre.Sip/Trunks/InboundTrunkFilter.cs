using System.Net;

namespace ContactCentre.Sip;

/// <summary>
/// Admits INVITEs only from configured trunks: once any trunk is configured, an INVITE from an address in
/// none of them is refused with 403 Forbidden (RFC 3261 §21.4.4). With no trunks every source is admitted.
/// </summary>
public sealed class InboundTrunkFilter(IEnumerable<SipTrunk> trunks)
{
    private readonly IReadOnlyList<SipTrunk> _trunks = trunks.ToList();

    public const string ForbiddenReason = "Forbidden: Source Address Is Not a Configured Trunk";

    /// <summary>The first trunk whose ranges contain <paramref name="source"/>, or null.</summary>
    public SipTrunk? Match(IPAddress source) => _trunks.FirstOrDefault(trunk => trunk.Accepts(source));

    public bool Admits(IPAddress source) => _trunks.Count == 0 || Match(source) is not null;

    /// <summary>Wraps an <see cref="SipEndpoint.OnInvite"/> handler so calls from unknown sources get 403 and never reach it.</summary>
    public Func<IncomingCall, Task> Protect(Func<IncomingCall, Task> onInvite)
    {
        ArgumentNullException.ThrowIfNull(onInvite);
        return call => Admits(call.RemoteEndPoint.Address) ? onInvite(call) : call.RejectAsync(403, ForbiddenReason);
    }
}
