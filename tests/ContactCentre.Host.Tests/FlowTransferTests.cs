using ContactCentre.Simulator.Agents;
using ContactCentre.Sip;
using ContactCentre.Simulator.Callers;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Host.Tests;

/// <summary>
/// What flows do with a call on the wire: a message that transfers the caller out through a trunk, and an input's
/// value shown with the agent's offer.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FlowTransferTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private async Task<RunningContactCentre> StartAsync(FarEndCarrier carrier)
    {
        // Calls are taken only from trunks once any is configured: the carrier's trunk is also where the caller comes from.
        return await RunningContactCentre.StartWithConfigurationAsync($$"""
            {
              "countryCallingCode": "358",
              "serviceNumbers": [ { "number": "0201234567", "flow": "Front" } ],
              "queues": [ { "name": "support" } ],
              "agents": [ { "id": "agent1", "name": "Agent One", "queues": [ "support" ], "desktopPassword": "agent1-desk" } ],
              "trunks": [ { "name": "carrier", "inboundAddresses": [ "127.0.0.1" ], "outboundProxy": "127.0.0.1:{{carrier.EndPoint.Port}}",
                            "username": "ccref", "password": "secret" } ],
              "flows": [ { "name": "Front", "start": "menu", "modules": [
                { "type": "menu", "name": "menu", "prompts": [ "menu" ], "options": { "1": "member", "2": "out" }, "onFailure": "bye" },
                { "type": "input", "name": "member", "prompts": [ "welcome" ], "variable": "membershipNumber", "length": 4,
                  "readBack": false, "done": "support", "failed": "bye" },
                { "type": "queue", "name": "support", "queue": "support", "prompts": [ "queue-support" ] },
                { "type": "message", "name": "out", "prompts": [ "welcome" ], "transferTo": "+358201234000", "trunk": "carrier" },
                { "type": "hangup", "name": "bye" } ] } ]
            }
            """);
    }

    [Fact]
    public async Task A_message_that_transfers_dials_the_number_at_the_trunk_with_its_credentials_and_the_caller_hears_the_far_end()
    {
        await using var carrier = await FarEndCarrier.StartAsync(toneHz: 700, credentials: new SipCredentials("ccref", "secret"));
        await using var centre = await StartAsync(carrier);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        await HearsTheMenuAsync(call);
        await call.PressAsync("2");

        var invite = await carrier.NextInviteAsync(Wait);
        Assert.StartsWith("sip:+358201234000@127.0.0.1:", invite.RequestUri);
        Assert.True(await call.Heard.WaitForToneAsync(700, Wait), "the caller did not hear the far end's 700 Hz tone");
    }

    [Fact]
    public async Task A_transfer_the_far_end_refuses_hangs_the_caller_up()
    {
        await using var carrier = await FarEndCarrier.StartAsync(refuse: (486, "Busy Here"));
        await using var centre = await StartAsync(carrier);
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        await HearsTheMenuAsync(call);
        await call.PressAsync("2");

        await carrier.NextInviteAsync(Wait);
        Assert.Equal("remote BYE", await call.Ended.WaitAsync(Wait));
    }

    [Fact]
    public async Task The_membership_number_the_caller_entered_comes_with_the_desktop_offer()
    {
        await using var carrier = await FarEndCarrier.StartAsync();
        await using var centre = await StartAsync(carrier);
        await using var agent = await SimulatedAgent.StartAsync("agent1", centre.PasswordOf("agent1"), centre.Desktop);
        await agent.LogInAsync();
        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        await HearsTheMenuAsync(call);
        await call.PressAsync("1");
        await call.PressAsync("1234");

        var offer = await agent.Desktop.NextAsync("offer", Wait);
        Assert.Equal("1234", offer.GetProperty("variables").GetProperty("membershipNumber").GetString());
    }

    /// <summary>As a caller does: the menu's prompt has started before a key is pressed.</summary>
    private static async Task HearsTheMenuAsync(PhoneCall call) =>
        Assert.True(await call.Heard.WaitForPromptAsync(RunningContactCentre.Prompt("menu"), Wait), "the caller did not hear the menu");
}
