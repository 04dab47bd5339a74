using System.Net;

namespace ContactCentre.Sip;

/// <summary>Requests addressed by URI rather than socket address: host names resolved (see <see cref="SipHostResolver"/>).</summary>
public sealed partial class SipEndpoint
{
    /// <summary>
    /// Where to send to <paramref name="target"/>: IP literals directly, host names by A/AAAA lookup preferring the
    /// family our sockets are bound to. Throws <see cref="SipHostNotResolvedException"/> naming the host.
    /// </summary>
    public Task<IPEndPoint> ResolveAsync(SipUri target, CancellationToken ct = default) =>
        _resolver.ResolveAsync(target, LocalEndPoint.AddressFamily, ct);

    /// <summary>
    /// Sends a non-INVITE request to its own next hop (RFC 3261 §8.1.2): the first Route URI when there is a
    /// route set, else the Request-URI, over the transport its transport parameter names (UDP by default).
    /// A host name that does not resolve gives a local 503 whose reason names the host, as a transport
    /// failure does (§8.1.3.1, RFC 3263 §4.3), instead of an exception.
    /// </summary>
    public async Task<SipResponse> SendToRequestTargetAsync(SipRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hop = SipUri.Parse(FirstRoute(request) ?? request.RequestUri);
        var transport = hop.Parameters.TryGetValue("transport", out var named) && named is not null
            && named.Equals("tcp", StringComparison.OrdinalIgnoreCase) ? SipTransportKind.Tcp : SipTransportKind.Udp;
        IPEndPoint destination;
        try
        {
            destination = await ResolveAsync(hop, ct).ConfigureAwait(false);
        }
        catch (SipHostNotResolvedException e)
        {
            Log(e.Message);
            FillMissingHeaders(request);
            return SipResponses.Create(request, 503, $"Service Unavailable (cannot resolve {e.Host})");
        }
        return await SendRequestAsync(request, destination, transport, ct).ConfigureAwait(false);
    }

    /// <summary>The URI of the first Route entry; Route values are always name-addr, &lt;uri&gt;;params (§20.34).</summary>
    private static string? FirstRoute(SipRequest request)
    {
        if (request.Headers.GetAll(HeaderNames.Route) is not [var first, ..])
        {
            return null;
        }
        var open = first.IndexOf('<', StringComparison.Ordinal);
        var close = first.IndexOf('>', StringComparison.Ordinal);
        return open >= 0 && close > open ? first[(open + 1)..close] : first.Split(',')[0].Trim();
    }
}
