using System.Globalization;
using System.Text;

namespace ContactCentre.Sip;

/// <summary>A sip:/sips: URI (RFC 3261 §19.1): <c>sip:user@host:port;param=value?headers</c>.</summary>
public sealed record SipUri(string Scheme, string? User, string Host, int? Port, IReadOnlyDictionary<string, string?> Parameters)
{
    /// <summary>The raw header part after '?', if any.</summary>
    public string? HeaderPart { get; init; }

    public static SipUri Parse(string text) =>
        TryParse(text, out var uri) ? uri! : throw new FormatException($"Not a SIP URI: '{text}'");

    public static bool TryParse(string text, out SipUri? uri)
    {
        uri = null;
        text = text.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }
        var scheme = text[..colon].ToLowerInvariant();
        if (scheme is not ("sip" or "sips"))
        {
            return false;
        }
        var rest = text[(colon + 1)..];
        string? headerPart = null;
        // The userinfo may itself hold '?' (RFC 3261 §25.1 unreserved/user-unreserved), so headers start after the last '@'.
        var question = rest.IndexOf('?', rest.LastIndexOf('@') + 1);
        if (question >= 0)
        {
            headerPart = rest[(question + 1)..];
            rest = rest[..question];
        }
        string? user = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            user = rest[..at];
            rest = rest[(at + 1)..];
            if (user.Length == 0)
            {
                return false;
            }
        }
        var semicolon = rest.IndexOf(';', StringComparison.Ordinal);
        var hostPort = semicolon >= 0 ? rest[..semicolon] : rest;
        var parameters = ParseParameters(semicolon >= 0 ? rest[(semicolon + 1)..] : "");
        if (!TrySplitHostPort(hostPort, out var host, out var port))
        {
            return false;
        }
        uri = new SipUri(scheme, user, host, port, parameters) { HeaderPart = headerPart };
        return true;
    }

    /// <summary>Splits <c>host[:port]</c>, IPv6 references kept in brackets.</summary>
    internal static bool TrySplitHostPort(string hostPort, out string host, out int? port)
    {
        host = hostPort;
        port = null;
        string? portText = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }
            host = hostPort[..(close + 1)];
            // RFC 3261 §25.1: only an IPv6 address goes in brackets; "[example.com]" is not a host.
            if (Ipv6ReferenceAddress(host) is null)
            {
                return false;
            }
            var after = hostPort[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    return false;
                }
                portText = after[1..];
            }
        }
        else
        {
            var colon = hostPort.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                host = hostPort[..colon];
                portText = hostPort[(colon + 1)..];
            }
        }
        if (host.Length == 0 || host.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }
        if (portText is not null)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 65535)
            {
                return false;
            }
            port = value;
        }
        return true;
    }

    /// <summary>Parses <c>a=b;c;d=e</c> into an ordered, case-insensitive dictionary.</summary>
    internal static IReadOnlyDictionary<string, string?> ParseParameters(string text)
    {
        var parameters = new OrderedParameters();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                parameters[part] = null;
            }
            else
            {
                parameters[part[..equals].Trim()] = part[(equals + 1)..].Trim();
            }
        }
        return parameters;
    }

    internal static void AppendParameters(StringBuilder text, IReadOnlyDictionary<string, string?> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            text.Append(';').Append(name);
            if (value is not null)
            {
                text.Append('=').Append(value);
            }
        }
    }

    /// <summary>The host and port as a "host:port" string (default port omitted).</summary>
    /// <summary>
    /// Where to send to this URI when its host is an IP literal (port 5060 when none is given);
    /// null for a host name, which would need DNS (RFC 3263), not done here.
    /// </summary>
    public System.Net.IPEndPoint? IpEndPoint =>
        (Host.StartsWith('[') ? Ipv6ReferenceAddress(Host) : System.Net.IPAddress.TryParse(Host, out var address) ? address : null)
            is { } ip
            ? new System.Net.IPEndPoint(ip, Port ?? 5060)
            : null;

    /// <summary>
    /// The address in an IPv6 reference "[...]", or null when the brackets hold anything else. RFC 3261's ABNF
    /// (from RFC 2373) also admits three colons before an embedded IPv4 address, "2001:db8:::192.0.2.1";
    /// RFC 5118 §4.10 asks that it be tolerated as the same address as "2001:db8::192.0.2.1".
    /// </summary>
    internal static System.Net.IPAddress? Ipv6ReferenceAddress(string reference)
    {
        if (reference.Length < 3 || reference[0] != '[' || reference[^1] != ']')
        {
            return null;
        }
        var text = reference[1..^1];
        var triple = text.IndexOf(":::", StringComparison.Ordinal);
        if (triple >= 0)
        {
            // Only where the RFC 3261 ABNF produces it, before an embedded IPv4 address; .NET would take any ":::".
            if (text.LastIndexOf(":::", StringComparison.Ordinal) != triple
                || !System.Net.IPAddress.TryParse(text[(triple + 3)..], out var embedded)
                || embedded.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
                || !text[(triple + 3)..].Contains('.', StringComparison.Ordinal))
            {
                return null;
            }
            text = text.Remove(triple, 1);
        }
        if (!System.Net.IPAddress.TryParse(text, out var address))
        {
            return null;
        }
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId == 0 ? address : null;
    }

    public string HostPort => Port is { } port ? $"{Host}:{port.ToString(CultureInfo.InvariantCulture)}" : Host;

    public override string ToString()
    {
        var text = new StringBuilder(Scheme).Append(':');
        if (User is not null)
        {
            text.Append(User).Append('@');
        }
        text.Append(HostPort);
        AppendParameters(text, Parameters);
        if (HeaderPart is not null)
        {
            text.Append('?').Append(HeaderPart);
        }
        return text.ToString();
    }
}
