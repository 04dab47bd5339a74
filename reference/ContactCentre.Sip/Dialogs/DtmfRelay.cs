using System.Globalization;

namespace ContactCentre.Sip;

/// <summary>
/// DTMF carried in SIP INFO as <c>application/dtmf-relay</c> (<c>Signal=5</c>, <c>Duration=160</c>), the
/// fallback when a peer cannot send RFC 4733 telephone-events; <c>application/dtmf</c> carries the bare digit.
/// </summary>
internal static class DtmfRelay
{
    public const string ContentType = "application/dtmf-relay";
    public const string BareContentType = "application/dtmf";

    public static bool IsDigit(char digit) => digit is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D');

    public static string Format(char digit, int durationMs) =>
        $"Signal={digit}\r\nDuration={durationMs.ToString(CultureInfo.InvariantCulture)}\r\n";

    /// <summary>True when <paramref name="request"/> is a DTMF INFO, whatever its body; <paramref name="digit"/> set when parsable.</summary>
    public static bool IsDtmf(SipRequest request, out char? digit)
    {
        digit = null;
        var type = request.ContentType?.Split(';')[0].Trim();
        if (string.Equals(type, ContentType, StringComparison.OrdinalIgnoreCase))
        {
            digit = ParseRelay(request.BodyText);
            return true;
        }
        if (string.Equals(type, BareContentType, StringComparison.OrdinalIgnoreCase))
        {
            digit = ParseSignal(request.BodyText.Trim());
            return true;
        }
        return false;
    }

    private static char? ParseRelay(string body)
    {
        foreach (var line in body.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && line[..equals].Trim().Equals("Signal", StringComparison.OrdinalIgnoreCase))
            {
                return ParseSignal(line[(equals + 1)..].Trim());
            }
        }
        return null;
    }

    /// <summary>A digit, or its RFC 4733 event code (10 = *, 11 = #, 12-15 = A-D) as some gateways send.</summary>
    private static char? ParseSignal(string signal)
    {
        if (signal.Length == 1 && IsDigit(char.ToUpperInvariant(signal[0])))
        {
            return char.ToUpperInvariant(signal[0]);
        }
        return int.TryParse(signal, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 10 and <= 15
            ? "*#ABCD"[code - 10]
            : null;
    }
}
