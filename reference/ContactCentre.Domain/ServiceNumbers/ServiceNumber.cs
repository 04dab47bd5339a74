using PhoneNumbers;

namespace ContactCentre.Domain.ServiceNumbers;

/// <summary>
/// A number callers dial to reach the contact centre, held in E.164 form (+358201234567).
/// Dialled forms are read with libphonenumber's numbering plan for the contact centre's region.
/// </summary>
public sealed record ServiceNumber(string E164)
{
    private static readonly PhoneNumberUtil NumberingPlan = PhoneNumberUtil.GetInstance();

    public override string ToString() => E164;

    /// <summary>
    /// Reads a number as a caller or a network writes it: "020 1234567", "+358 20 1234567",
    /// "00358201234567", "tel:+358201234567" or "sip:0201234567@host;user=phone". National forms are
    /// read in <paramref name="region"/> (ISO 3166 code, "FI"). Only numbers valid in the numbering plan parse.
    /// </summary>
    public static bool TryParse(string dialled, string region, out ServiceNumber? number)
    {
        number = null;
        var text = NumberPart(dialled);
        if (text.Length == 0 || !text.Any(char.IsAsciiDigit) || text.Any(char.IsAsciiLetter))
            return false;
        PhoneNumber parsed;
        try
        {
            parsed = NumberingPlan.Parse(text, region);
        }
        catch (NumberParseException)
        {
            return false;
        }
        if (!NumberingPlan.IsValidNumber(parsed))
            return false;
        number = new ServiceNumber(NumberingPlan.Format(parsed, PhoneNumberFormat.E164));
        return true;
    }

    /// <summary>The region whose national numbers a country calling code dials ("358" → "FI"), or null for a code no country has.</summary>
    public static string? RegionOf(string countryCallingCode)
    {
        var code = countryCallingCode.TrimStart('+');
        if (!int.TryParse(code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
            return null;
        var region = NumberingPlan.GetRegionCodeForCountryCode(value);
        return region is "ZZ" or "001" ? null : region;
    }

    /// <summary>The country calling code a region dials ("FI" → "358", "AX" → "358").</summary>
    public static string CallingCodeOf(string region) =>
        NumberingPlan.GetCountryCodeForRegion(region).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether libphonenumber knows <paramref name="region"/> ("FI", "SE").</summary>
    public static bool IsRegion(string region) => NumberingPlan.GetSupportedRegions().Contains(region);

    /// <summary>
    /// The telephone-subscriber part of a SIP or tel URI (RFC 3261 §19.1.1, RFC 3966 §3): the user part
    /// before '@', without its parameters and %-escapes undone; text that is no URI is returned as it is.
    /// </summary>
    private static string NumberPart(string text)
    {
        text = text.Trim().Trim('<', '>');
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && text[..colon].ToLowerInvariant() is "sip" or "sips" or "tel")
        {
            text = text[(colon + 1)..];
            var at = text.LastIndexOf('@');
            if (at >= 0)
                text = text[..at];
            var parameters = text.IndexOfAny([';', '?']);
            if (parameters >= 0)
                text = text[..parameters];
            text = Uri.UnescapeDataString(text);
        }
        return text.Trim();
    }
}
