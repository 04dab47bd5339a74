using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Callers;

namespace ContactCentre.Host.Tests.Desktop;

/// <summary>
/// An agent logs in at the desktop with a phone number (a mobile at home): the contact centre calls that number through
/// its trunk when it offers a call, showing the caller's number.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PhoneNumberLoginTests
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
              "flows": [ { "name": "Front", "start": "support", "modules": [
                { "type": "queue", "name": "support", "queue": "support", "prompts": [ "queue-support" ] } ] } ]
            }
            """, "--Routing:OfferTimeoutSeconds=5");
    }

    [Theory]
    [InlineData("+358409999999")]
    [InlineData("tel:+358409999999")]
    public async Task An_offer_calls_the_agents_number_through_the_trunk_and_the_caller_talks_to_the_agent(string device)
    {
        await using var carrier = await FarEndCarrier.StartAsync(toneHz: 700);
        await using var centre = await StartAsync(carrier);
        await using var desktop = await DesktopClient.ConnectAsync(centre.Desktop);
        await desktop.LoginAsync("agent1", "agent1-desk", device);
        await desktop.NextStateAsync("Ready", Wait);

        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        var invite = await carrier.NextInviteAsync(Wait);
        Assert.StartsWith("sip:+358409999999@127.0.0.1:", invite.RequestUri);
        Assert.Contains("sip:+358401234567@", invite.From);
        Assert.True(await call.Heard.WaitForToneAsync(700, Wait), "the caller did not hear the agent's phone (700 Hz)");
        await desktop.NextStateAsync("Connected", Wait);
    }

    [Fact]
    public async Task A_number_that_turns_the_call_down_makes_the_agent_no_answer()
    {
        await using var carrier = await FarEndCarrier.StartAsync(refuse: (486, "Busy Here"));
        await using var centre = await StartAsync(carrier);
        await using var desktop = await DesktopClient.ConnectAsync(centre.Desktop);
        await desktop.LoginAsync("agent1", "agent1-desk", "+358409999999");
        await desktop.NextStateAsync("Ready", Wait);

        await using var caller = await SimulatedCaller.StartAsync("+358401234567");
        await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
        await carrier.NextInviteAsync(Wait);
        await desktop.NextStateAsync("NoAnswer", Wait);
    }

    [Theory]
    [InlineData("040-999")]
    [InlineData("tel:")]
    [InlineData("mobile")]
    public async Task A_device_that_is_no_phone_number_is_refused_naming_the_field(string device)
    {
        await using var carrier = await FarEndCarrier.StartAsync();
        await using var centre = await StartAsync(carrier);
        await using var desktop = await DesktopClient.ConnectAsync(centre.Desktop);
        await desktop.LoginAsync("agent1", "agent1-desk", device);
        var error = (await desktop.NextAsync("error", Wait)).GetProperty("message").GetString();
        Assert.StartsWith("login: field 'device' must be \"softphone\", the SIP URI of the agent's phone", error);
    }
}
