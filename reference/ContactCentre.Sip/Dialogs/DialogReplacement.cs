namespace ContactCentre.Sip;

/// <summary>
/// A Replaces header (RFC 3891 §6.1): <c>call-id;to-tag=x;from-tag=y[;early-only]</c>. The tags are seen
/// from the sender of the header, so at the recipient to-tag is its own (local) tag.
/// </summary>
public sealed record DialogReplacement(string CallId, string ToTag, string FromTag, bool EarlyOnly = false)
{
    public const string HeaderName = "Replaces";

    /// <summary>The Replaces value that names <paramref name="dialog"/> to its remote party (for attended transfer).</summary>
    public static DialogReplacement For(SipDialog dialog)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        return new DialogReplacement(dialog.CallId, dialog.RemoteTag ?? "", dialog.LocalTag);
    }

    public static bool TryParse(string? text, out DialogReplacement? replacement)
    {
        replacement = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var parts = text.Split(';', StringSplitOptions.TrimEntries);
        var callId = parts[0];
        if (callId.Length == 0 || callId.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }
        string? toTag = null;
        string? fromTag = null;
        var earlyOnly = false;
        foreach (var parameter in parts.Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = (equals < 0 ? parameter : parameter[..equals]).Trim();
            var value = equals < 0 ? null : parameter[(equals + 1)..].Trim();
            if (name.Equals("to-tag", StringComparison.OrdinalIgnoreCase))
            {
                toTag = value;
            }
            else if (name.Equals("from-tag", StringComparison.OrdinalIgnoreCase))
            {
                fromTag = value;
            }
            else if (name.Equals("early-only", StringComparison.OrdinalIgnoreCase))
            {
                earlyOnly = true;
            }
        }
        // Both tags are mandatory (RFC 3891 §6.1).
        if (string.IsNullOrEmpty(toTag) || string.IsNullOrEmpty(fromTag))
        {
            return false;
        }
        replacement = new DialogReplacement(callId, toTag, fromTag, earlyOnly);
        return true;
    }

    public override string ToString() => $"{CallId};to-tag={ToTag};from-tag={FromTag}{(EarlyOnly ? ";early-only" : "")}";
}
