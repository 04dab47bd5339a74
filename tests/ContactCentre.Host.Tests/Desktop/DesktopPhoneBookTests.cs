using System.Text.Json;
using ContactCentre.Simulator.Agents;

namespace ContactCentre.Host.Tests.Desktop;

/// <summary>The desktop's phone book (docs/agent-protocol.md, "Phone book"): listed, searched, and called by name.</summary>
[Trait("Category", "Integration")]
public sealed class DesktopPhoneBookTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private async Task<RunningContactCentre> StartAsync(FarEndCarrier carrier)
    {
        return await RunningContactCentre.StartWithConfigurationAsync($$"""
            {
              "countryCallingCode": "358",
              "serviceNumbers": [ { "number": "0201234567", "flow": "Front" } ],
              "queues": [ { "name": "support" } ],
              "agents": [ { "id": "agent1", "queues": [ "support" ], "desktopPassword": "agent1-desk" } ],
              "trunks": [ { "name": "carrier", "inboundAddresses": [ "127.0.0.1" ], "outboundProxy": "127.0.0.1:{{carrier.EndPoint.Port}}" } ],
              "phoneBook": [ { "name": "Partner support", "number": "+358409876543" }, { "name": "Field service", "number": "+358401112222" } ],
              "flows": [ { "name": "Front", "start": "support", "modules": [
                { "type": "queue", "name": "support", "queue": "support", "prompts": [ "queue-support" ] } ] } ]
            }
            """);
    }

    private static IEnumerable<string> Names(JsonElement reply) =>
        reply.GetProperty("entries").EnumerateArray().Select(e => $"{e.GetProperty("name").GetString()} {e.GetProperty("number").GetString()}");

    [Fact]
    public async Task The_desktop_lists_and_searches_the_phone_book_and_calls_a_contact_by_name()
    {
        await using var carrier = await FarEndCarrier.StartAsync();
        await using var centre = await StartAsync(carrier);
        await using var desktop = await DesktopClient.ConnectAsync(centre.Desktop);
        await desktop.SendAsync(new { type = "phoneBook" });
        Assert.Equal("phoneBook: log in first", (await desktop.NextAsync("error", Wait)).GetProperty("message").GetString());

        // The agent is on a mobile: the outbound call rings it through the trunk first, then the contact's number.
        await desktop.LoginAsync("agent1", "agent1-desk", "+358405550000");
        await desktop.NextStateAsync("Ready", Wait);
        await desktop.SendAsync(new { type = "phoneBook" });
        var all = await desktop.NextAsync("phoneBook", Wait);
        Assert.Equal(["Field service +358401112222", "Partner support +358409876543"], Names(all));
        Assert.False(all.GetProperty("more").GetBoolean());
        await desktop.SendAsync(new { type = "phoneBook", search = "SUPP" });
        Assert.Equal(["Partner support +358409876543"], Names(await desktop.NextAsync("phoneBook", Wait)));
        await desktop.SendAsync(new { type = "phoneBook", search = 5 });
        Assert.Equal("phoneBook: field 'search' must be text (part of a name or number)", (await desktop.NextAsync("error", Wait)).GetProperty("message").GetString());

        await desktop.SendAsync(new { type = "call", to = new { contact = "partner support" } });
        Assert.StartsWith("sip:+358405550000@", (await carrier.NextInviteAsync(Wait)).RequestUri);
        Assert.StartsWith("sip:+358409876543@", (await carrier.NextInviteAsync(Wait)).RequestUri);
        await desktop.NextStateAsync("Busy", Wait);
    }
}
