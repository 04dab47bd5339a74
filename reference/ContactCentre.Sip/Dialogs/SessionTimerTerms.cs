using System.Globalization;

namespace ContactCentre.Sip;

/// <summary>A Session-Expires value (RFC 4028 §4): <c>delta-seconds[;refresher=uac|uas]</c>.</summary>
internal sealed record SessionTimerTerms(TimeSpan Interval, string? Refresher)
{
    public const string SessionExpiresHeader = "Session-Expires";
    public const string MinSeHeader = "Min-SE";
    public const string OptionTag = "timer";

    public static SessionTimerTerms? From(SipMessage message)
    {
        var value = message.Headers[SessionExpiresHeader];
        if (value is null)
        {
            return null;
        }
        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        if (!uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds == 0)
        {
            return null;
        }
        string? refresher = null;
        foreach (var parameter in parts.Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && parameter[..equals].Trim().Equals("refresher", StringComparison.OrdinalIgnoreCase))
            {
                refresher = parameter[(equals + 1)..].Trim().ToLowerInvariant();
            }
        }
        return new SessionTimerTerms(TimeSpan.FromSeconds(seconds), refresher is "uac" or "uas" ? refresher : null);
    }

    /// <summary>True when the message lists the option tag in Supported or Require.</summary>
    public static bool Supports(SipMessage message) =>
        message.Headers.GetAll(HeaderNames.Supported).Concat(message.Headers.GetAll("Require"))
            .SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries))
            .Any(tag => tag.Equals(OptionTag, StringComparison.OrdinalIgnoreCase));

    /// <summary>RFC 4028 §8.1: a Session-Expires below our Min-SE is answered 422 with our Min-SE.</summary>
    public static bool IsTooSmall(SipRequest request, TimeSpan minimum) =>
        From(request) is { } terms && terms.Interval < minimum;

    public static KeyValuePair<string, string> MinSe(TimeSpan minimum) =>
        new(MinSeHeader, ((long)minimum.TotalSeconds).ToString(CultureInfo.InvariantCulture));

    public override string ToString() =>
        ((long)Interval.TotalSeconds).ToString(CultureInfo.InvariantCulture) + (Refresher is null ? "" : $";refresher={Refresher}");
}
