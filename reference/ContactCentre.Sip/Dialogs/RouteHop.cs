using System.Net;

namespace ContactCentre.Sip;

/// <summary>Where an in-dialog request is sent: the first Route entry, else the remote target (RFC 3261 §12.2.1.1, §8.1.2).</summary>
internal readonly record struct RouteHop(IPEndPoint EndPoint, SipTransportKind Transport)
{
    /// <summary>The hop a URI names when its host is an IP literal (no DNS here); null otherwise.</summary>
    public static RouteHop? FromUri(string uriText, SipTransportKind fallbackTransport)
    {
        var text = uriText.Trim();
        if (text.StartsWith('<'))
        {
            var close = text.IndexOf('>', StringComparison.Ordinal);
            text = close > 0 ? text[1..close] : text;
        }
        if (!SipUri.TryParse(text, out var uri) || uri!.IpEndPoint is not { } destination)
        {
            return null;
        }
        var transport = fallbackTransport;
        if (uri.Parameters.TryGetValue("transport", out var named) && named is not null)
        {
            transport = named.ToLowerInvariant() switch
            {
                "tcp" => SipTransportKind.Tcp,
                "ws" or "wss" => SipTransportKind.WebSocket,
                _ => SipTransportKind.Udp,
            };
        }
        return new RouteHop(destination, transport);
    }
}
