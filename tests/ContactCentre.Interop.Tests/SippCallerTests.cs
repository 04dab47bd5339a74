using ContactCentre.Interop.Tests.ContactCentre;
using ContactCentre.Interop.Tests.Peers;
using ContactCentre.Media;
using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Interop.Tests;

/// <summary>SIPp, a SIP tester nobody here wrote, as a caller of the demo service number.</summary>
[Trait("Category", "Interop")]
public sealed class SippCallerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SippTimeout = TimeSpan.FromSeconds(40);

    // The welcome plays for ~3.7 s and ignores digits; the menu follows for ~3.6 s. Pressing 5 s after
    // the ACK lands in the middle of the menu, with a second of margin either side.
    private static readonly TimeSpan PauseBeforeDigit = TimeSpan.FromSeconds(5);

    // Time for the queue prompt, the offer and the agent's answer before the caller hangs up.
    private static readonly TimeSpan PauseAfterDigit = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Sipp_pressing_1_with_rfc2833_dtmf_during_the_menu_reaches_a_support_agent()
    {
        await using var centre = await DemoContactCentre.StartAsync();
        await using var agent = await SimulatedAgent.StartAsync("agent1", centre.PasswordOf("agent1"), centre.Desktop);
        agent.SpeaksWith(() => new ToneSource(600));
        await agent.LogInAsync();

        await using var caller = new SippRunner(
            SippScenario.CallerPressesDigit(DemoContactCentre.ServiceNumber, PauseBeforeDigit, PauseAfterDigit, '1'),
            centre.SipAddress);
        caller.Start();

        // Offered and answered at all proves the host decoded SIPp's telephone-events and took option 1.
        PhoneCall agentCall;
        try
        {
            agentCall = await agent.NextCallAsync(Wait);
        }
        catch (TimeoutException notOffered)
        {
            throw new TimeoutException(
                $"agent1 was not offered SIPp's call within {Wait.TotalSeconds} s: the host did not route the digit to support.\n" +
                (await caller.WaitForExitAsync(SippTimeout)),
                notOffered);
        }

        var hungUp = await agentCall.Ended.WaitAsync(SippTimeout);
        var result = await caller.WaitForExitAsync(SippTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.SuccessfulCalls == 1 && result.FailedCalls == 0, result.ToString());
        // The host hangs up the agent's leg with a BYE because the caller did.
        Assert.Equal("remote BYE", hungUp);

        var history = await centre.History.WaitForEntryAsync(
            call => call.GetProperty("serviceNumber").GetString() == DemoContactCentre.ServiceNumberE164, Wait);
        Assert.Equal("support", history.GetProperty("queue").GetString());
        Assert.Equal("agent1", history.GetProperty("agent").GetString());
        Assert.Equal("answered", history.GetProperty("outcome").GetString());
    }
}
