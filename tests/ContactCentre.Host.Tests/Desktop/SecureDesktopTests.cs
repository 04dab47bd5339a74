using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ContactCentre.Host.Hosting;

namespace ContactCentre.Host.Tests.Desktop;

/// <summary>
/// With Web:Certificate the web port speaks TLS only: the desktop is wss://, so the password a login carries is not sent
/// in clear (docs/agent-protocol.md, "Authentication").
/// </summary>
[Trait("Category", "Integration")]
public sealed class SecureDesktopTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string _pfx = Path.Combine(Path.GetTempPath(), $"ccref-web-{Guid.NewGuid():N}.pfx");
    private readonly X509Certificate2 _certificate;

    public SecureDesktopTests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(_pfx, _certificate.Export(X509ContentType.Pfx, "pfx-secret"));
    }

    public void Dispose()
    {
        File.Delete(_pfx);
        _certificate.Dispose();
    }

    /// <summary>A WebSocket that trusts exactly the test's certificate.</summary>
    private ClientWebSocket Socket()
    {
        var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, presented, _, _) =>
            presented is not null && presented.GetCertHashString() == _certificate.GetCertHashString();
        return socket;
    }

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Wait);
        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count)).RootElement;
    }

    [Fact]
    public async Task The_desktop_is_served_over_wss_and_an_agent_logs_in_through_it()
    {
        await using var centre = await RunningContactCentre.StartAsync($"--Web:Certificate={_pfx}", "--Web:CertificatePassword=pfx-secret");
        Assert.Equal("https", centre.Host.WebUri.Scheme);

        using var socket = Socket();
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{centre.Host.WebUri.Port}/agent/ws"), CancellationToken.None).WaitAsync(Wait);
        var login = JsonSerializer.SerializeToUtf8Bytes(new { type = "login", agent = "agent1", password = "agent1-demo", device = "sip:agent1@127.0.0.1:5070" });
        await socket.SendAsync(login, WebSocketMessageType.Text, true, CancellationToken.None);
        JsonElement state;
        do state = await ReceiveAsync(socket);
        while (state.GetProperty("type").GetString() != "state" || state.GetProperty("state").GetString() == "LoggedOut");
        Assert.Equal(("agent1", "Ready"), (state.GetProperty("agent").GetString(), state.GetProperty("state").GetString()));

        // Plain ws:// to the same port gets no WebSocket: the port speaks TLS only.
        using var plain = new ClientWebSocket();
        await Assert.ThrowsAnyAsync<WebSocketException>(() => plain.ConnectAsync(new Uri($"ws://127.0.0.1:{centre.Host.WebUri.Port}/agent/ws"), CancellationToken.None).WaitAsync(Wait));
    }

    [Fact]
    public async Task A_certificate_that_does_not_open_or_does_not_exist_stops_the_start_naming_the_setting()
    {
        var wrong = await Assert.ThrowsAsync<StartupException>(() => RunningContactCentre.StartAsync($"--Web:Certificate={_pfx}", "--Web:CertificatePassword=nope"));
        Assert.StartsWith($"Setting 'Web:Certificate': '{_pfx}' is not a PKCS#12 (.pfx) file that 'Web:CertificatePassword' opens", wrong.Message);
        var missing = await Assert.ThrowsAsync<StartupException>(() => RunningContactCentre.StartAsync("--Web:Certificate=/nonexistent/web.pfx"));
        Assert.Equal("Setting 'Web:Certificate' names '/nonexistent/web.pfx', which does not exist.", missing.Message);
    }
}
