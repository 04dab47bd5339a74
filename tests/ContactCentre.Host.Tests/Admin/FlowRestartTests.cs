using ContactCentre.Domain.Flows;
using ContactCentre.Host.Hosting;

namespace ContactCentre.Host.Tests.Admin;

/// <summary>Saved flows outlive the process: a restart serves the latest stored version, not the file's.</summary>
[Trait("Category", "Integration")]
public sealed class FlowRestartTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "ccref-flows-" + Guid.NewGuid().ToString("N"));

    private Task<ContactCentreHost> StartAsync() => ContactCentreHost.StartAsync(
        ["--Sip:Port=0", "--Web:Port=0", $"--Data:Path={_data}", "--Logging:LogLevel:Default=Warning", $"--Admin:Token={AdminClient.Token}"]);

    [Fact]
    public async Task After_a_restart_the_latest_saved_version_is_served()
    {
        string saved;
        await using (var host = await StartAsync())
        {
            using var admin = new AdminClient(host.WebUri);
            saved = AdminClient.WithWelcome(await admin.CurrentJsonAsync("Demo"), "closed");
            (await admin.SaveAsync("Demo", saved)).EnsureSuccessStatusCode();
        }

        await using (var host = await StartAsync())
        {
            using var admin = new AdminClient(host.WebUri);
            Assert.Equal(saved, await admin.CurrentJsonAsync("Demo"));
            Assert.Equal(2, (await admin.JsonAsync("/api/admin/flows/Demo/versions")).AsArray().Count);
            Assert.Equal(["closed"], ((MessageModule)host.FlowAdministration.Flows["Demo"].Module("welcome")).Prompts);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { /* the OS cleans temp */ }
    }
}
