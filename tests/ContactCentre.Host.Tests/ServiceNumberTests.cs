using ContactCentre.Media;
using ContactCentre.Simulator.Callers;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Host.Tests;

/// <summary>
/// Which calls the demo contact centre answers: its service number 020 1234567, the alias +358 9 4242 4242,
/// a call a carrier diverted from the service number, and not a number it does not serve.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ServiceNumberTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private RunningContactCentre _centre = null!;
    private SimulatedCaller _caller = null!;

    public async Task InitializeAsync()
    {
        _centre = await RunningContactCentre.StartAsync();
        _caller = await SimulatedCaller.StartAsync("+358401234567");
    }

    public async Task DisposeAsync()
    {
        await _caller.DisposeAsync();
        await _centre.DisposeAsync();
    }

    [Theory]
    [InlineData("0942424242")]
    [InlineData("+358942424242")]
    public async Task A_call_to_the_alias_hears_the_welcome_of_the_service_numbers_flow(string alias)
    {
        var call = await _caller.CallAsync(_centre.Host.SipEndPoint, alias);
        Assert.True(await call.Heard.WaitForPromptAsync(RunningContactCentre.Prompt("welcome"), Wait), $"a caller dialling {alias} did not hear the welcome message");
    }

    [Fact]
    public async Task A_call_diverted_from_the_service_number_to_a_number_we_do_not_serve_is_answered_into_its_flow()
    {
        var (response, call) = await _caller.Phone.DialAsync(_centre.Host.SipEndPoint, "+358509999999",
            [new("Diversion", "<sip:+358201234567@carrier.example;user=phone>;reason=unconditional;counter=1")]);
        Assert.Equal(200, response.StatusCode);
        await using var answered = call!;
        Assert.True(await answered.Heard.WaitForPromptAsync(RunningContactCentre.Prompt("welcome"), Wait), "the diverted caller did not hear the welcome message");
    }

    [Fact]
    public async Task A_call_retargeted_from_the_alias_by_History_Info_is_answered()
    {
        var (response, call) = await _caller.Phone.DialAsync(_centre.Host.SipEndPoint, "+358509999999",
        [
            new("History-Info", "<sip:+358942424242@carrier.example?Reason=SIP%3Bcause%3D302>;index=1, <sip:+358509999999@carrier.example>;index=1.1"),
        ]);
        Assert.Equal(200, response.StatusCode);
        await using var answered = call!;
    }

    [Fact]
    public async Task A_call_to_a_number_we_do_not_serve_diverted_from_another_we_do_not_serve_gets_404()
    {
        var (response, call) = await _caller.Phone.DialAsync(_centre.Host.SipEndPoint, "+358509999999",
            [new("Diversion", "<tel:+358501111111>;reason=no-answer")]);
        Assert.Null(call);
        Assert.Equal((404, "Not Found"), (response.StatusCode, response.Reason));
        Assert.Equal(0, _centre.Host.Sip.ActiveDialogCount);
    }
}
