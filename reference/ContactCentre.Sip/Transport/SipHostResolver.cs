using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Sip;

/// <summary>
/// Turns the host of a SIP URI into an address to send to: IP literals as they are, host names through the
/// system resolver (A/AAAA). RFC 3263 NAPTR/SRV selection is not done: the transport comes from the URI's
/// transport parameter and the port from the URI or the §19.1.2 default (5060, 5061 for sips), as RFC 3263
/// §4.2 prescribes for a name with an explicit port.
/// </summary>
public sealed class SipHostResolver(TimeSpan timeout, Func<string, CancellationToken, Task<IPAddress[]>>? lookup = null)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _lookup =
        lookup ?? ((host, ct) => Dns.GetHostAddressesAsync(host, ct));

    /// <summary>
    /// The address for <paramref name="uri"/>, of <paramref name="preferred"/> family when the name has one (a
    /// socket bound to IPv4 cannot reach an IPv6 address); throws <see cref="SipHostNotResolvedException"/>
    /// naming the host when it has none or the lookup outlasts the timeout.
    /// </summary>
    public async Task<IPEndPoint> ResolveAsync(SipUri uri, AddressFamily preferred, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var port = uri.Port ?? (uri.Scheme == "sips" ? 5061 : 5060);
        var host = uri.Host.Trim('[', ']');
        if (IPAddress.TryParse(host, out var literal))
        {
            return new IPEndPoint(literal, port);
        }
        IPAddress[] addresses;
        try
        {
            // Bounded here as well as by the token: a stub resolver may ignore cancellation.
            addresses = await _lookup(host, ct).WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or TimeoutException or ArgumentException)
        {
            throw new SipHostNotResolvedException(host, e.Message, e);
        }
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == preferred)
            ?? addresses.FirstOrDefault(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            ?? throw new SipHostNotResolvedException(host, "no A or AAAA record");
        return new IPEndPoint(chosen, port);
    }
}
