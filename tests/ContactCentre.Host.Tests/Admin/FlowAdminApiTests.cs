using System.Net;
using System.Text.Json.Nodes;
using ContactCentre.Domain.Flows;
using ContactCentre.Simulator.Callers;

namespace ContactCentre.Host.Tests.Admin;

/// <summary>The admin API for flows on the real host: versions kept, bad flows refused, new calls hear the saved flow.</summary>
[Trait("Category", "Integration")]
public sealed class FlowAdminApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private RunningContactCentre _centre = null!;
    private AdminClient _admin = null!;

    public async Task InitializeAsync()
    {
        _centre = await RunningContactCentre.StartAsync($"--Admin:Token={AdminClient.Token}");
        _admin = new AdminClient(_centre.Host.WebUri);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _centre.DisposeAsync();
    }

    [Fact]
    public async Task The_configuration_file_seeds_version_1_of_each_flow()
    {
        var flows = (await _admin.JsonAsync("/api/admin/flows")).AsArray();
        var demo = Assert.Single(flows)!;
        Assert.Equal("Demo", (string?)demo["name"]);
        Assert.Equal(1, (int)demo["version"]!);
        Assert.Equal("configuration", (string?)demo["changedBy"]);
    }

    [Fact]
    public async Task A_saved_flow_is_listed_as_version_2_with_who_saved_it_when_and_why()
    {
        var before = DateTimeOffset.UtcNow;
        var json = AdminClient.WithWelcome(await _admin.CurrentJsonAsync("Demo"), "closed");

        using var saved = await _admin.SaveAsync("Demo", json, "alice", "Closed for the holidays");

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var versions = (await _admin.JsonAsync("/api/admin/flows/Demo/versions")).AsArray();
        Assert.Equal([2, 1], versions.Select(v => (int)v!["version"]!));
        Assert.Equal("alice", (string?)versions[0]!["changedBy"]);
        Assert.Equal("Closed for the holidays", (string?)versions[0]!["comment"]);
        var at = DateTimeOffset.Parse((string)versions[0]!["changedAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(TimeSpan.Zero, at.Offset);
        Assert.Equal(json, await _admin.CurrentJsonAsync("Demo"));
        var listed = Assert.Single((await _admin.JsonAsync("/api/admin/flows")).AsArray())!;
        Assert.Equal(2, (int)listed["version"]!);
    }

    [Fact]
    public async Task An_invalid_flow_is_refused_naming_its_module_and_field_and_version_1_keeps_serving()
    {
        var original = await _admin.CurrentJsonAsync("Demo");
        var broken = JsonNode.Parse(original)!;
        broken["modules"]![0]!["next"] = "nowhere";

        using var refused = await _admin.SaveAsync("Demo", broken.ToJsonString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal("Demo", (string?)error["flow"]);
        Assert.Equal("welcome", (string?)error["module"]);
        Assert.Equal("next", (string?)error["field"]);
        Assert.Contains("nowhere", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal(original, await _admin.CurrentJsonAsync("Demo"));
        Assert.Single((await _admin.JsonAsync("/api/admin/flows/Demo/versions")).AsArray());
        Assert.Equal("welcome", Welcome(_centre.Host.FlowAdministration.Flows["Demo"]).Name);
        Assert.Equal(["welcome"], Welcome(_centre.Host.FlowAdministration.Flows["Demo"]).Prompts);
    }

    [Fact]
    public async Task Restoring_a_version_saves_a_new_version_with_the_old_text()
    {
        var original = await _admin.CurrentJsonAsync("Demo");
        (await _admin.SaveAsync("Demo", AdminClient.WithWelcome(original, "closed"))).Dispose();

        using var restored = await _admin.RestoreAsync("Demo", 1, "bob");

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var versions = (await _admin.JsonAsync("/api/admin/flows/Demo/versions")).AsArray();
        Assert.Equal([3, 2, 1], versions.Select(v => (int)v!["version"]!));
        Assert.Equal("bob", (string?)versions[0]!["changedBy"]);
        Assert.Equal("Restored version 1", (string?)versions[0]!["comment"]);
        Assert.Equal(original, await _admin.CurrentJsonAsync("Demo"));
        var second = await _admin.JsonAsync("/api/admin/flows/Demo/versions/2");
        Assert.Equal("closed", (string?)second["flow"]!["modules"]![0]!["prompts"]![0]);
        Assert.Equal(["welcome"], Welcome(_centre.Host.FlowAdministration.Flows["Demo"]).Prompts);
    }

    [Fact]
    public async Task A_call_placed_after_a_save_hears_the_new_flow()
    {
        (await _admin.SaveAsync("Demo", AdminClient.WithWelcome(await _admin.CurrentJsonAsync("Demo"), "closed"))).Dispose();

        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(_centre.Host.SipEndPoint, "0201234567");

        Assert.True(await call.Heard.WaitForPromptAsync(RunningContactCentre.Prompt("closed"), Wait), "the caller did not hear the saved flow's new welcome");
        await call.HangUpAsync();
    }

    [Fact]
    public async Task Requests_without_the_admin_token_are_refused()
    {
        using var anonymous = new AdminClient(_centre.Host.WebUri, token: null);
        using var wrong = new AdminClient(_centre.Host.WebUri, token: "not-the-token");

        using var noToken = await anonymous.GetAsync("/api/admin/flows");
        using var wrongToken = await wrong.GetAsync("/api/admin/flows/Demo");
        using var save = await anonymous.SaveAsync("Demo", "{}");

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal("Bearer", noToken.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", noToken.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, save.StatusCode);
        Assert.Single((await _admin.JsonAsync("/api/admin/flows/Demo/versions")).AsArray());
    }

    [Fact]
    public async Task Bad_json_a_different_name_and_unknown_flows_or_versions_get_their_problem()
    {
        var original = await _admin.CurrentJsonAsync("Demo");
        var renamed = JsonNode.Parse(original)!;
        renamed["name"] = "Other";

        using var badJson = await _admin.SaveAsync("Demo", "{ \"name\": ");
        using var otherName = await _admin.SaveAsync("Demo", renamed.ToJsonString());
        using var unknownFlow = await _admin.GetAsync("/api/admin/flows/Nope");
        using var unknownVersions = await _admin.GetAsync("/api/admin/flows/Nope/versions");
        using var unknownVersion = await _admin.GetAsync("/api/admin/flows/Demo/versions/7");
        using var restoreUnknown = await _admin.RestoreAsync("Demo", 7);

        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, otherName.StatusCode);
        Assert.Contains("Other", await otherName.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownFlow.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownVersions.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, restoreUnknown.StatusCode);
        Assert.Equal(original, await _admin.CurrentJsonAsync("Demo"));
    }

    private static MessageModule Welcome(Flow flow) => (MessageModule)flow.Module("welcome");
}
