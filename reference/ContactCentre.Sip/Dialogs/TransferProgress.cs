using System.Globalization;

namespace ContactCentre.Sip;

/// <summary>The status line of a NOTIFY's <c>message/sipfrag</c> body (RFC 3515 §2.4.5, RFC 3420).</summary>
public sealed record TransferProgress(int StatusCode, string Reason)
{
    internal const string ContentType = "message/sipfrag;version=2.0";

    /// <summary>A final status: the transfer has succeeded (2xx) or failed, and the subscription is over.</summary>
    public bool IsFinal => StatusCode >= 200;

    public bool Succeeded => StatusCode is >= 200 and < 300;

    internal static bool TryParse(SipRequest notify, out TransferProgress? progress)
    {
        progress = null;
        var type = notify.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(type, "message/sipfrag", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var line = notify.BodyText.Split('\n')[0].Trim();
        var parts = line.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].Equals("SIP/2.0", StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code is < 100 or > 699)
        {
            return false;
        }
        progress = new TransferProgress(code, parts.Length == 3 ? parts[2] : "");
        return true;
    }
}
