using System.Globalization;
using System.Net;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>One Via value (RFC 3261 §20.42): <c>SIP/2.0/UDP host:port;branch=z9hG4bK...;rport</c>.</summary>
internal sealed record ViaHeader(string Transport, string Host, int? Port, IReadOnlyDictionary<string, string?> Parameters)
{
    public const string MagicCookie = "z9hG4bK";

    public string? Branch => Parameters.TryGetValue("branch", out var branch) ? branch : null;

    public string SentBy => Port is { } port ? $"{Host}:{port.ToString(CultureInfo.InvariantCulture)}" : Host;

    public static bool TryParse(string text, out ViaHeader? via)
    {
        via = null;
        text = text.Trim();
        var slash2 = text.IndexOf('/', text.IndexOf('/', StringComparison.Ordinal) + 1);
        if (!text.StartsWith("SIP", StringComparison.OrdinalIgnoreCase) || slash2 < 0)
        {
            return false;
        }
        var rest = text[(slash2 + 1)..].TrimStart();
        var space = rest.IndexOfAny([' ', '\t']);
        if (space <= 0)
        {
            return false;
        }
        var transport = rest[..space].ToUpperInvariant();
        rest = rest[space..].Trim();
        var semicolon = rest.IndexOf(';', StringComparison.Ordinal);
        var hostPort = (semicolon >= 0 ? rest[..semicolon] : rest).Trim();
        if (!SipUri.TrySplitHostPort(hostPort, out var host, out var port))
        {
            return false;
        }
        via = new ViaHeader(transport, host, port, SipUri.ParseParameters(semicolon >= 0 ? rest[(semicolon + 1)..] : ""));
        return true;
    }

    /// <summary>
    /// Where to send responses for a request that arrived with this Via from <paramref name="source"/>
    /// (RFC 3261 §18.2.2, RFC 3581 §4): received/rport first, then sent-by.
    /// </summary>
    public IPEndPoint ResponseTarget(IPEndPoint source)
    {
        // received is written with or without [ ] (RFC 5118 §4.5: accept both).
        var address = Parameters.TryGetValue("received", out var received) && IPAddress.TryParse(received?.Trim('[', ']'), out var r)
            ? r
            : IPAddress.TryParse(Host.Trim('[', ']'), out var h) ? h : source.Address;
        int port;
        if (Parameters.TryGetValue("rport", out var rport)
            && int.TryParse(rport, NumberStyles.None, CultureInfo.InvariantCulture, out var rp))
        {
            port = rp;
        }
        else
        {
            port = Port ?? 5060;
        }
        return new IPEndPoint(address, port);
    }

    /// <summary>Stamps received= and rport= as a server must on receipt (RFC 3261 §18.2.1, RFC 3581 §4).</summary>
    public ViaHeader StampSource(IPEndPoint source)
    {
        var parameters = new OrderedParameters(Parameters);
        var sourceAddress = source.Address.ToString();
        // Compared as addresses, not text: "[2001:DB8::1]" is the source 2001:db8::1. A received the request
        // already carries is replaced too, or a sender naming its own address could have our answer sent elsewhere.
        var sentFromSentBy = IPAddress.TryParse(Host.Trim('[', ']'), out var host) && host.Equals(source.Address);
        if (!sentFromSentBy || parameters.ContainsKey("received"))
        {
            parameters["received"] = sourceAddress;
        }
        if (parameters.TryGetValue("rport", out var rport) && rport is null)
        {
            parameters["received"] = sourceAddress;
            parameters["rport"] = source.Port.ToString(CultureInfo.InvariantCulture);
        }
        return this with { Parameters = parameters };
    }

    public override string ToString()
    {
        var text = new StringBuilder("SIP/2.0/").Append(Transport).Append(' ').Append(SentBy);
        SipUri.AppendParameters(text, Parameters);
        return text.ToString();
    }
}
