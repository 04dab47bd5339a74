using System.Globalization;

namespace ContactCentre.Sip;

/// <summary>
/// Decides whether a received request can be served or how it is refused, following RFC 3261 §8.2 in its order:
/// version, syntax, URI scheme, extensions, then the content the UAS is asked to process. The checks the
/// RFC 4475 torture messages exercise are cited by section.
/// </summary>
public static class RequestValidator
{
    /// <summary>
    /// Option tags this user agent implements (session timers, RFC 4028; Replaces, RFC 3891); any other in Require
    /// is answered 420 (RFC 3261 §8.2.2.3).
    /// </summary>
    public static readonly IReadOnlySet<string> SupportedExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "timer", "replaces" };

    private static readonly string[] Required =
        [HeaderNames.CallId, HeaderNames.From, HeaderNames.To, HeaderNames.CSeq];

    /// <summary>Headers that may appear once only (RFC 4475 §3.3.8, §3.3.9).</summary>
    private static readonly string[] SingleValued =
    [
        HeaderNames.CallId, HeaderNames.CSeq, HeaderNames.From, HeaderNames.To, HeaderNames.MaxForwards,
        HeaderNames.ContentLength, HeaderNames.ContentType,
    ];

    /// <summary>The fault to answer with, or null when the request may be served.</summary>
    /// <param name="parseError">The parser's complaint about a request it could still read (start line, Content-Length).</param>
    public static RequestFault? Check(SipRequest request, string? parseError = null)
    {
        // RFC 3261 §8.2.1 is preceded by the version check: a UAS that does not speak the version says so (RFC 4475 §3.1.2.16).
        if (!string.Equals(request.Version, SipRequest.Version20, StringComparison.OrdinalIgnoreCase))
        {
            return new RequestFault(505, "Version Not Supported");
        }
        if (parseError is not null)
        {
            return RequestFault.BadRequest(parseError);
        }
        return CheckHeaders(request) ?? CheckHops(request) ?? CheckRequestUri(request) ?? CheckExtensions(request)
            ?? CheckContent(request);
    }

    /// <summary>A request that has used up its hops is not served (RFC 3261 §16.3 item 2; RFC 4475 §3.3.11).</summary>
    private static RequestFault? CheckHops(SipRequest request) =>
        request.Headers[HeaderNames.MaxForwards] is { } value
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var hops) && hops == 0
            ? new RequestFault(483, "Too Many Hops")
            : null;

    private static RequestFault? CheckHeaders(SipRequest request)
    {
        foreach (var name in Required)
        {
            if (request.Headers[name] is null)
            {
                return RequestFault.BadRequest($"Missing {name} header");
            }
        }
        // RFC 2543 peers (no magic-cookie branch) may omit Max-Forwards (RFC 4475 §3.4.1).
        var maxForwards = request.Headers[HeaderNames.MaxForwards];
        if (maxForwards is null && IsRfc3261Peer(request))
        {
            return RequestFault.BadRequest($"Missing {HeaderNames.MaxForwards} header");
        }
        foreach (var name in SingleValued)
        {
            if (request.Headers.CountOf(name) > 1)
            {
                return RequestFault.BadRequest($"Multiple {name} headers");
            }
        }
        if (request.CSeq is not { } cseq)
        {
            return RequestFault.BadRequest("Bad CSeq header");
        }
        // RFC 3261 §8.1.1.5: the sequence number is below 2**31.
        if (cseq.Number > int.MaxValue)
        {
            return RequestFault.BadRequest("Bad CSeq header: number out of range");
        }
        if (cseq.Method != request.Method)
        {
            return RequestFault.BadRequest("CSeq method does not match request method");
        }
        if (maxForwards is not null
            && (!int.TryParse(maxForwards, NumberStyles.None, CultureInfo.InvariantCulture, out var hops) || hops > 255))
        {
            return RequestFault.BadRequest("Bad Max-Forwards header");
        }
        var topVia = request.TopVia;
        foreach (var via in request.Headers.GetAll(HeaderNames.Via))
        {
            // The top Via is already parsed (and cached) for transaction matching: only its parameters are checked again.
            var parsed = via == topVia ? request.TopViaHeader : null;
            if (!HeaderSyntax.IsWellFormedVia(via, parsed))
            {
                return RequestFault.BadRequest("Bad Via header");
            }
        }
        if (HeaderSyntax.AddressFault(request.From!, request.FromAddress) is { } fromFault)
        {
            return RequestFault.BadRequest($"Bad {HeaderNames.From} header: {fromFault}");
        }
        if (HeaderSyntax.AddressFault(request.To!, request.ToAddress) is { } toFault)
        {
            return RequestFault.BadRequest($"Bad {HeaderNames.To} header: {toFault}");
        }
        foreach (var contact in request.Headers.GetAll(HeaderNames.Contact))
        {
            if (contact != "*" && HeaderSyntax.AddressFault(contact) is { } fault)
            {
                return RequestFault.BadRequest($"Bad Contact header: {fault}");
            }
        }
        // RFC 3261 §20.17 / RFC 4475 §3.1.2.12: the only zone an HTTP-date carries is GMT.
        if (request.Headers["Date"] is { } date && !date.TrimEnd().EndsWith(" GMT", StringComparison.Ordinal))
        {
            return RequestFault.BadRequest("Bad Date header: time zone must be GMT");
        }
        return null;
    }

    private static RequestFault? CheckRequestUri(SipRequest request)
    {
        var uri = request.RequestUri;
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !HeaderSyntax.IsScheme(uri.AsSpan(0, colon)))
        {
            // RFC 4475 §3.1.2.7: <sip:...> is not a Request-URI.
            return RequestFault.BadRequest("Malformed Request-URI");
        }
        var scheme = uri[..colon].ToLowerInvariant();
        if (scheme is not ("sip" or "sips" or "tel"))
        {
            // RFC 3261 §8.2.2.1 (RFC 4475 §3.3.2, §3.3.3).
            return new RequestFault(416, "Unsupported URI Scheme");
        }
        if (scheme is "sip" or "sips")
        {
            var afterUser = uri.LastIndexOf('@') + 1;
            if (uri.IndexOf('?', Math.Max(afterUser, colon)) >= 0)
            {
                // RFC 3261 §19.1.1: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11).
                return RequestFault.BadRequest("Request-URI must not contain escaped headers");
            }
            if (!SipUri.TryParse(uri, out _))
            {
                return RequestFault.BadRequest(IsBareIpv6Host(uri[(colon + 1)..])
                    ? "Malformed Request-URI: IPv6 address must be enclosed in [ ]"
                    : "Malformed Request-URI");
            }
        }
        return null;
    }

    private static RequestFault? CheckExtensions(SipRequest request)
    {
        if (request.Method is SipMethods.Ack or SipMethods.Cancel)
        {
            return null;
        }
        if (!request.Headers.Contains("Require"))
        {
            return null;
        }
        var unsupported = request.Headers.GetAll("Require")
            .SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(tag => !SupportedExtensions.Contains(tag))
            .ToList();
        if (unsupported.Count == 0)
        {
            return null;
        }
        // RFC 3261 §8.2.2.3: list what is not supported (RFC 4475 §3.3.5).
        return new RequestFault(420, "Bad Extension", [new("Unsupported", string.Join(", ", unsupported))]);
    }

    private static RequestFault? CheckContent(SipRequest request)
    {
        if (request.Method != SipMethods.Invite)
        {
            return null;
        }
        var type = request.ContentType.AsSpan();
        var semicolon = type.IndexOf(';');
        type = (semicolon >= 0 ? type[..semicolon] : type).Trim();
        if (request.Body.Length > 0 && !type.Equals("application/sdp", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 3261 §8.2.3 (RFC 4475 §3.3.6).
            return new RequestFault(415, "Unsupported Media Type", [new(HeaderNames.Accept, "application/sdp")]);
        }
        if (request.Headers.Contains(HeaderNames.Accept) && !AcceptsSdp(request.Headers.GetAll(HeaderNames.Accept)))
        {
            // The answer to an INVITE carries SDP, which the caller says it cannot take (RFC 4475 §3.3.15).
            return new RequestFault(406, "Not Acceptable");
        }
        return null;
    }

    private static bool AcceptsSdp(IEnumerable<string> accepts) => accepts
        .SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Select(range => range.Split(';')[0].Trim())
        .Any(range => range is "*/*" or "application/*" || string.Equals(range, "application/sdp", StringComparison.OrdinalIgnoreCase));

    private static bool IsRfc3261Peer(SipRequest request) =>
        request.TopViaHeader is { } via
        && via.Branch?.StartsWith(ViaHeader.MagicCookie, StringComparison.Ordinal) == true;

    /// <summary>
    /// Whether the host part is an IPv6 address written without its brackets, as in RFC 5118 §4.2
    /// ("sip:2001:db8::10"): RFC 3261 §19.1.1 and §25.1 only allow it as an IPv6reference.
    /// </summary>
    private static bool IsBareIpv6Host(string afterScheme)
    {
        var hostPort = afterScheme[(afterScheme.LastIndexOf('@') + 1)..];
        var end = hostPort.IndexOfAny([';', '?']);
        hostPort = end >= 0 ? hostPort[..end] : hostPort;
        return !hostPort.StartsWith('[') && hostPort.Count(c => c == ':') >= 2
            && System.Net.IPAddress.TryParse(hostPort, out var address)
            && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
    }
}
