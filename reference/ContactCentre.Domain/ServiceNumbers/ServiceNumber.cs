namespace ContactCentre.Domain.ServiceNumbers;

/// <summary>
/// A number callers dial to reach the contact centre, held in E.164 form (+358201234567).
/// National forms are read with the configured country calling code; issue 5 moves this to libphonenumber.
/// </summary>
public sealed record ServiceNumber(string E164)
{
    public override string ToString() => E164;

    /// <summary>Normalises "0201234567", "+358201234567", "358201234567" or "00358201234567" to E.164.</summary>
    public static bool TryNormalise(string dialled, string countryCallingCode, out ServiceNumber? number)
    {
        number = null;
        var digits = new string(dialled.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
        if (digits.Length == 0 || digits.LastIndexOf('+') > 0)
            return false;

        string e164;
        if (digits.StartsWith('+'))
            e164 = digits;
        else if (digits.StartsWith("00", StringComparison.Ordinal))
            e164 = "+" + digits[2..];
        else if (digits.StartsWith('0'))
            e164 = "+" + countryCallingCode + digits[1..];
        else if (digits.StartsWith(countryCallingCode, StringComparison.Ordinal))
            e164 = "+" + digits;
        else
            return false;

        // E.164 allows at most 15 digits after the plus (ITU-T E.164 §6).
        if (e164.Length < 4 || e164.Length > 16)
            return false;
        number = new ServiceNumber(e164);
        return true;
    }
}
