using ContactCentre.Host.Hosting;

namespace ContactCentre.Host.AudioLibrary;

/// <summary>
/// The number an admin calls to record a prompt by phone, and its PIN (AudioLibrary:RecordingNumber,
/// AudioLibrary:RecordingPin). No number, no recording line.
/// </summary>
public sealed record RecordingLineSettings(string Number, string Pin)
{
    public static RecordingLineSettings? From(IConfiguration c)
    {
        var number = c["AudioLibrary:RecordingNumber"];
        if (string.IsNullOrWhiteSpace(number)) return null;
        var pin = c["AudioLibrary:RecordingPin"];
        if (string.IsNullOrEmpty(pin) || pin.Length < 4 || !pin.All(char.IsAsciiDigit))
            throw new StartupException($"Setting 'AudioLibrary:RecordingPin' must be at least 4 digits when AudioLibrary:RecordingNumber ('{number}') is set.");
        return new RecordingLineSettings(number.Trim(), pin);
    }
}
