using System.Net;

namespace ContactCentre.Host.Hosting;

/// <summary>
/// The host's settings, from the command line (--Sip:Port=5070), environment (Sip__Port) or appsettings.
/// </summary>
public sealed record HostSettings(
    IPAddress SipAddress,
    int SipPort,
    IPAddress WebAddress,
    int WebPort,
    string DataPath,
    string ConfigurationPath,
    string AudioPath,
    TimeSpan OfferTimeout,
    string? JournalConnectionString)
{
    public static HostSettings From(IConfiguration c)
    {
        var demo = Path.Combine(AppContext.BaseDirectory, "demo");
        return new HostSettings(
            Address(c, "Sip:Address", "127.0.0.1"),
            Port(c, "Sip:Port", 5060),
            Address(c, "Web:Address", "127.0.0.1"),
            Port(c, "Web:Port", 8080),
            Path.GetFullPath(c["Data:Path"] ?? "data"),
            Path.GetFullPath(c["ContactCentre:Configuration"] ?? Path.Combine(demo, "contact-centre.json")),
            Path.GetFullPath(c["ContactCentre:Audio"] ?? Path.Combine(demo, "audio")),
            TimeSpan.FromSeconds(Seconds(c, "Routing:OfferTimeoutSeconds", 20)),
            c["ConnectionStrings:Journal"]);
    }

    private static int Seconds(IConfiguration c, string key, int fallback)
    {
        var text = c[key];
        if (text is null) return fallback;
        return int.TryParse(text, out var seconds) && seconds > 0
            ? seconds
            : throw new StartupException($"Setting '{key}' is '{text}', which is not a whole number of seconds above 0.");
    }

    private static IPAddress Address(IConfiguration c, string key, string fallback)
    {
        var text = c[key] ?? fallback;
        return IPAddress.TryParse(text, out var address)
            ? address
            : throw new StartupException($"Setting '{key}' is '{text}', which is not an IP address.");
    }

    private static int Port(IConfiguration c, string key, int fallback)
    {
        var text = c[key];
        if (text is null) return fallback;
        return int.TryParse(text, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new StartupException($"Setting '{key}' is '{text}', which is not a port number (0-65535).");
    }
}
