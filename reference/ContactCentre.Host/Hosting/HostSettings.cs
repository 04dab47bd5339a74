using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
    /// <summary>The digest realm agents' phones authenticate in.</summary>
    public string SipRealm { get; init; } = "contactcentre";

    /// <summary>Digest algorithms offered, most preferred first (some phones, e.g. baresip 1.0, need MD5 alone).</summary>
    public IReadOnlyList<ContactCentre.Sip.DigestAlgorithm> DigestAlgorithms { get; init; } = [ContactCentre.Sip.DigestAlgorithm.Sha256, ContactCentre.Sip.DigestAlgorithm.Md5];

    /// <summary>Further domains agents' phones may REGISTER in (Sip:Domains, comma-separated), besides the realm and our address.</summary>
    public IReadOnlyList<string> SipDomains { get; init; } = [];

    /// <summary>New SIP requests per second allowed from one source address; null for no limit.</summary>
    public int? SipRateLimitPerSecond { get; init; }

    /// <summary>The bearer token of the admin API (Admin:Token); null turns the admin API off.</summary>
    public string? AdminToken { get; init; }

    /// <summary>
    /// The web port's TLS certificate (Web:Certificate, a PKCS#12 file, with Web:CertificatePassword): the web, the APIs and the
    /// desktop WebSocket are then served over https:// and wss:// only. Null: plain http:// and ws:// (fine on 127.0.0.1).
    /// </summary>
    public X509Certificate2? WebCertificate { get; init; }

    /// <summary>Failed desktop logins from one address within 5 minutes after which its logins are refused (Desktop:MaxFailedLoginsPerAddress).</summary>
    public int MaxFailedLoginsPerAddress { get; init; } = 20;

    /// <summary>The admin token of the demo configuration, used only when neither Admin:Token nor a configuration file is given.</summary>
    public const string DemoAdminToken = "demo-admin-token";

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
            TimeSpan.FromSeconds(c["Routing:OfferTimeoutSeconds"] is null ? 20 : Positive(c, "Routing:OfferTimeoutSeconds", "seconds")),
            c["ConnectionStrings:Journal"])
        {
            SipRealm = c["Sip:Realm"] ?? "contactcentre",
            SipDomains = (c["Sip:Domains"] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            DigestAlgorithms = Algorithms(c, "Sip:DigestAlgorithms"),
            SipRateLimitPerSecond = c["Sip:RateLimitPerSecond"] is null ? null : Positive(c, "Sip:RateLimitPerSecond", "requests per second"),
            AdminToken = c["Admin:Token"] ?? (c["ContactCentre:Configuration"] is null ? DemoAdminToken : null),
            WebCertificate = Certificate(c, "Web:Certificate", "Web:CertificatePassword"),
            MaxFailedLoginsPerAddress = c["Desktop:MaxFailedLoginsPerAddress"] is null ? 20 : Positive(c, "Desktop:MaxFailedLoginsPerAddress", "failed logins"),
        };
    }

    private static IReadOnlyList<ContactCentre.Sip.DigestAlgorithm> Algorithms(IConfiguration c, string key)
    {
        var text = c[key] ?? "SHA-256,MD5";
        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => ContactCentre.Sip.DigestAlgorithm.FromToken(t)
                ?? throw new StartupException($"Setting '{key}' names '{t}', which is not a digest algorithm (SHA-256, MD5)."))
            .ToList();
    }

    private static X509Certificate2? Certificate(IConfiguration c, string key, string passwordKey)
    {
        if (c[key] is not { Length: > 0 } path) return null;
        if (!File.Exists(path)) throw new StartupException($"Setting '{key}' names '{path}', which does not exist.");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, c[passwordKey]);
        }
        catch (CryptographicException e)
        {
            throw new StartupException($"Setting '{key}': '{path}' is not a PKCS#12 (.pfx) file that '{passwordKey}' opens: {e.Message}", e);
        }
        if (!certificate.HasPrivateKey)
            throw new StartupException($"Setting '{key}': '{path}' holds no private key for its certificate.");
        return certificate;
    }

    private static int Positive(IConfiguration c, string key, string unit)
    {
        var text = c[key];
        return int.TryParse(text, out var value) && value > 0
            ? value
            : throw new StartupException($"Setting '{key}' is '{text}', which is not a whole number of {unit} above 0.");
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
