using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using ContactCentre.Actors;
using ContactCentre.Host.AudioLibrary;
using ContactCentre.Domain.Configuration;
using ContactCentre.Host.Admin;
using ContactCentre.Host.Calls;
using ContactCentre.Host.Desktop;
using ContactCentre.Media.WebRtc;
using ContactCentre.Host.History;
using ContactCentre.Host.Registrations;
using ContactCentre.Sip;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;

namespace ContactCentre.Host.Hosting;

/// <summary>
/// The whole contact centre in one process: actors, SIP, media and the web. Started by Program for
/// people and by the tests on free ports (--Sip:Port=0 --Web:Port=0).
/// </summary>
public sealed class ContactCentreHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ActorSystem _system;
    private readonly SipEndpoint _sip;

    private ContactCentreHost(WebApplication app, ActorSystem system, SipEndpoint sip, HostSettings settings,
        ContactCentreConfiguration configuration, SqliteCallHistory history, ContactCentreActors actors)
    {
        _app = app;
        _system = system;
        _sip = sip;
        Settings = settings;
        Configuration = configuration;
        History = history;
        Actors = actors;
        WebUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public HostSettings Settings { get; }
    public ContactCentreConfiguration Configuration { get; }
    public SqliteCallHistory History { get; }
    public ContactCentreActors Actors { get; }
    public IPEndPoint SipEndPoint => _sip.LocalEndPoint;
    public SipEndpoint Sip => _sip;
    public ActorSystem ActorSystem => _system;
    public Uri WebUri { get; }
    public required FlowAdministration FlowAdministration { get; init; }
    public IServiceProvider Services => _app.Services;

    public static async Task<ContactCentreHost> StartAsync(string[] args, CancellationToken cancel = default)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        var settings = HostSettings.From(builder.Configuration);

        var configuration = ReadConfiguration(settings.ConfigurationPath);
        var database = PrepareDataFolder(settings.DataPath);
        var audioLibrary = OpenAudioLibrary(settings, out var notCopied);
        var recordingLine = RecordingLineSettings.From(builder.Configuration);
        var time = TimeProvider.System;
        builder.WebHost.ConfigureKestrel(k => k.Listen(settings.WebAddress, settings.WebPort, listen =>
        {
            if (settings.WebCertificate is { } certificate) listen.UseHttps(certificate);
        }));
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(configuration);
        builder.Services.AddSingleton(audioLibrary);

        var app = builder.Build();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        LogWarnings(configuration, settings.ConfigurationPath, loggers.CreateLogger<ContactCentreHost>());
        var history = new SqliteCallHistory(database);
        foreach (var file in notCopied) loggers.CreateLogger<AudioStore>().LogWarning("Not copied into the audio library: {File}", file);
        var prompts = new PromptLibrary(audioLibrary.Folder, loggers.CreateLogger<PromptLibrary>());

        // Ports first, so that a port in use stops the start before anything else runs.
        SipEndpoint sip;
        try
        {
            sip = await StartSipAsync(settings, loggers.CreateLogger("ContactCentre.Sip"), cancel);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        ActorSystem? system = null;
        try
        {
            ProbeWebPort(settings);
            FlowAdministration? stored = null;
            // A saved flow may go to any flow the store serves (or the file's, while the store opens).
            var validator = new FlowReaderValidator(configuration,
                () => stored?.Flows.Keys.ToList() ?? configuration.Flows.Keys.ToList());
            var flows = stored = FlowAdministration.Open(new SqliteFlowStore(database), validator,
                File.ReadAllText(settings.ConfigurationPath), time);
            system = AkkaSetup.Start(settings, database);
            var access = new SipAccess(configuration, settings.SipRealm, settings.DigestAlgorithms, time,
                RegistrarDomains(settings, sip), new SqliteBindingStore(database));
            // One DTLS identity for the host's softphone legs: browsers check it per call against our SDP's fingerprint.
            var softphones = new SoftphoneRegistry(settings.SipAddress, DtlsCertificate.Generate("ContactCentre softphone"), prompts,
                settings.OfferTimeout, loggers.CreateLogger<SoftphoneRegistry>());
            var transfers = new SipTrunkDialer(sip, access.Trunks, prompts, settings.SipAddress, TransferRingTimeout, loggers.CreateLogger<SipTrunkDialer>());
            var dialer = new AgentDialers(new SoftphoneDialer(softphones),
                new SipAgentDialer(sip, access, prompts, settings.SipAddress, settings.OfferTimeout, loggers.CreateLogger<SipAgentDialer>()),
                new PhoneNumberAgentDialer(transfers, settings.OfferTimeout));
            var actors = ContactCentreActors.Start(system, configuration, dialer, history, time, transfers, settings.OfferTimeout);
            // New calls get each flow's current stored version; the file's flows only seeded the store.
            var inbound = new InboundCalls(configuration with { Flows = flows.Flows }, actors, prompts, settings.SipAddress, time, loggers.CreateLogger<InboundCalls>());
            var recording = recordingLine is null ? null : new RecordingLine(recordingLine, audioLibrary,
                new PromptLibrary(Path.Combine(settings.AudioPath, "recording-line"), loggers.CreateLogger<PromptLibrary>()),
                settings.SipAddress, time, loggers.CreateLogger<RecordingLine>());
            access.Serve(sip, call => recording?.Answers(call) == true ? recording.OnInviteAsync(call) : inbound.OnInviteAsync(call));

            var desktop = new AgentDesktopEndpoint(system, actors, new DesktopCredentials(configuration.Agents),
                new LoginThrottle(TimeProvider.System, settings.MaxFailedLoginsPerAddress), softphones, configuration.PhoneBook, loggers.CreateLogger<AgentDesktopEndpoint>());
            WebEndpoints.Map(app, configuration, history, desktop, sip);
            AdminEndpoints.Map(app, flows, settings.AdminToken);
            AudioLibraryEndpoints.Map(app, audioLibrary, () => configuration with { Flows = flows.Flows }, settings.AdminToken);
            try
            {
                await app.StartAsync(cancel);
            }
            catch (IOException e)
            {
                throw new StartupException($"The web port {settings.WebAddress}:{settings.WebPort} cannot be used: {e.Message}", e);
            }
            return new ContactCentreHost(app, system, sip, settings, configuration, history, actors) { FlowAdministration = flows };
        }
        catch
        {
            await sip.DisposeAsync();
            if (system is not null) await system.Terminate();
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>How long a flow's transfer rings the far end before the caller is hung up.</summary>
    private static readonly TimeSpan TransferRingTimeout = TimeSpan.FromSeconds(60);

    /// <summary>What serves but looks wrong in the configuration (an unreachable module), said once at start.</summary>
    private static void LogWarnings(ContactCentreConfiguration configuration, string path, ILogger log)
    {
        foreach (var warning in configuration.Warnings)
            log.LogWarning("Configuration {Path}: {Warning}", path, warning);
    }

    /// <summary>Fails the start with the port named when the web port is taken (Kestrel would only log it).</summary>
    private static void ProbeWebPort(HostSettings settings)
    {
        if (settings.WebPort == 0) return;
        var probe = new TcpListener(settings.WebAddress, settings.WebPort);
        try
        {
            probe.Start();
        }
        catch (SocketException e)
        {
            throw new StartupException($"The web port {settings.WebAddress}:{settings.WebPort} cannot be used: {e.Message}", e);
        }
        finally
        {
            probe.Stop();
        }
    }

    /// <summary>
    /// What a REGISTER's Request-URI may name (RFC 3261 §10.3 step 1): the realm, the configured Sip:Domains, and
    /// our own address; bound to a wildcard, every address of this machine, since a phone may reach us on any.
    /// </summary>
    private static IReadOnlyCollection<string> RegistrarDomains(HostSettings settings, SipEndpoint sip)
    {
        var domains = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { settings.SipRealm };
        domains.UnionWith(settings.SipDomains);
        var bound = sip.LocalEndPoint.Address;
        if (bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any))
        {
            domains.Add("localhost");
            domains.UnionWith(System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address.ToString()));
        }
        else
        {
            domains.Add(bound.ToString());
        }
        return domains;
    }

    private static async Task<SipEndpoint> StartSipAsync(HostSettings settings, ILogger log, CancellationToken cancel)
    {
        try
        {
            var options = new SipEndpointOptions(settings.SipAddress, settings.SipPort)
            {
                RateLimit = settings.SipRateLimitPerSecond is { } rate ? new SourceRateLimit(rate, rate * 2) : null,
            };
            var sip = await SipEndpoint.StartAsync(options, cancel);
            sip.Diagnostic += line => log.LogInformation("{Line}", line);
            return sip;
        }
        catch (Exception e) when (e is SipBindException or SocketException)
        {
            throw new StartupException($"The SIP port {settings.SipAddress}:{settings.SipPort} cannot be used: {e.Message}", e);
        }
    }

    private static ContactCentreConfiguration ReadConfiguration(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"The configuration file '{path}' cannot be read: {e.Message}", e);
        }
        try
        {
            return ConfigurationReader.Parse(json);
        }
        catch (ConfigurationException e)
        {
            throw new StartupException($"The configuration file '{path}' is invalid: {e.Message}", e);
        }
    }

    /// <summary>Creates the data folder and proves it is writable; returns the SQLite connection string.</summary>
    private static string PrepareDataFolder(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            var probe = Path.Combine(path, ".write-test");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"The data folder '{path}' cannot be used: {e.Message}", e);
        }
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(path, "contact-centre.db"),
            DefaultTimeout = 30,
            Pooling = false,
        }.ToString();
    }

    /// <summary>
    /// The audio library lives under the data folder (data/audio), seeded on first start from the configured
    /// audio folder: admins change it at run time, and the configured folder may be read-only or the build's output.
    /// </summary>
    private static AudioStore OpenAudioLibrary(HostSettings settings, out IReadOnlyList<string> notCopied)
    {
        try
        {
            return AudioStore.Open(Path.Combine(settings.DataPath, "audio"), settings.AudioPath, out notCopied);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"The audio library '{Path.Combine(settings.DataPath, "audio")}' cannot be prepared: {e.Message}", e);
        }
    }

    /// <summary>Completes when the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        // Actors first: calls still up hang up their legs (and release their media) as they stop.
        await _system.Terminate();
        await _sip.DisposeAsync();
        await _app.DisposeAsync();
    }
}
