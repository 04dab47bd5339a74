using System.Globalization;
using System.Text;
using CsCheck;

namespace ContactCentre.Sip.Tests;

/// <summary>CsCheck generators for SIP messages built from the RFC 3261 §25.1 grammar's character classes.</summary>
internal static class SipGenerators
{
    private const string Alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const string TokenChars = Alpha + Digits + "-.!%*_+`'~";

    /// <summary>Characters a header value may hold besides letters: separators, quotes, escapes, UTF-8.</summary>
    private const string ValueChars = Alpha + Digits + " -.!%*_+`'~;,=<>@:/?\"\\()[]{}|é大Ж";

    public static readonly Gen<string> Token = Gen.String[Gen.Char[TokenChars], 1, 12];

    public static readonly Gen<string> Host = Gen.OneOf(
        Gen.String[Gen.Char[Alpha + Digits], 1, 10].Select(label => label + ".example.com"),
        Gen.Int[1, 254].Select(n => "192.0.2." + n.ToString(CultureInfo.InvariantCulture)),
        Gen.Int[1, 65535].Select(n => $"[2001:db8::{n.ToString("x", CultureInfo.InvariantCulture)}]"));

    public static readonly Gen<string> SipUriText =
        Gen.Select(Gen.OneOf("sip", "sips"), Gen.String[Gen.Char[Alpha + Digits + "-.!~*'()&=+$,;?/%"], 1, 10], Host,
                Gen.Int[1, 65535].Nullable(), Token.Null())
            .Select((scheme, user, host, port, parameter) =>
                $"{scheme}:{user}@{host}{(port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "")}{(parameter is null ? "" : ";" + parameter)}");

    /// <summary>A display name with quotes and backslashes that must be escaped (RFC 3261 §25.1 quoted-pair).</summary>
    public static readonly Gen<string?> DisplayName = Gen.String[Gen.Char[Alpha + " \"\\,;<>é"], 1, 16].Null();

    public static readonly Gen<string> Address =
        Gen.Select(DisplayName, SipUriText, Token)
            .Select((name, uri, tag) => new NameAddress(name, SipUri.Parse(uri), new Dictionary<string, string?> { ["tag"] = tag }).ToString());

    /// <summary>A header value as a parser hands it back: trimmed, no line breaks.</summary>
    public static readonly Gen<string> HeaderValue = Gen.String[Gen.Char[ValueChars], 0, 40].Select(v => v.Trim());

    public static readonly Gen<(string Name, string Value)> ExtensionHeader =
        Gen.Select(Token, HeaderValue).Select((name, value) => ("X-" + name, value));

    public static readonly Gen<byte[]> Body = Gen.OneOf(Gen.Const(Array.Empty<byte>()), Gen.Byte.Array[1, 300]);

    /// <summary>Known headers by full or compact name (RFC 3261 §7.3.3); the parser stores full names either way.</summary>
    private static readonly Gen<bool> Compact = Gen.Bool;

    public static readonly Gen<SipRequest> Request =
        Gen.Select(Token, SipUriText, Host, Token, Address, Address, Token, Gen.UInt[0, int.MaxValue],
                Gen.Int[1, 255], ExtensionHeader.List[0, 6], Body, Compact,
                (method, uri, viaHost, branch, from, to, callId, cseq, hops, extensions, body, compact) =>
            {
                var request = new SipRequest(method, uri);
                request.Headers.Add(compact ? "v" : "Via", $"SIP/2.0/UDP {viaHost};branch=z9hG4bK{branch}");
                request.Headers.Add(compact ? "f" : "From", from);
                request.Headers.Add(compact ? "t" : "To", to);
                request.Headers.Add(compact ? "i" : "Call-ID", callId);
                request.Headers.Add("CSeq", $"{cseq.ToString(CultureInfo.InvariantCulture)} {method}");
                request.Headers.Add("Max-Forwards", hops.ToString(CultureInfo.InvariantCulture));
                foreach (var (name, value) in extensions)
                {
                    request.Headers.Add(name, value);
                }
                if (body.Length > 0)
                {
                    request.Headers.Add(compact ? "c" : "Content-Type", "application/octet-stream");
                }
                request.Body = body;
                return request;
            });

    public static readonly Gen<SipResponse> Response =
        Gen.Select(Gen.Int[100, 699], Gen.String[Gen.Char[ValueChars], 0, 30], Address, Token, Token, ExtensionHeader.List[0, 6], Body)
            .Select((code, reason, to, callId, method, extensions, body) =>
            {
                var response = new SipResponse(code, reason.Trim());
                response.Headers.Add("Via", "SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1");
                response.Headers.Add("To", to);
                response.Headers.Add("Call-ID", callId);
                response.Headers.Add("CSeq", "1 " + method);
                foreach (var (name, value) in extensions)
                {
                    response.Headers.Add(name, value);
                }
                response.Body = body;
                return response;
            });

    public static string Describe(SipMessage message) => Encoding.UTF8.GetString(message.ToBytes());
}
