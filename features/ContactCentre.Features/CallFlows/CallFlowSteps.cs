using System.Text.RegularExpressions;
using ContactCentre.Domain.Flows;
using ContactCentre.Features.Drivers;
using ContactCentre.Host.Calls;
using NodaTime.Text;
using Reqnroll;

namespace ContactCentre.Features.CallFlows;

/// <summary>
/// A caller going through a call flow. A scenario tagged @wire runs against the real host with the simulated SIP caller;
/// otherwise the flow runs in process on the scenario's clock. Scoped to @callflow so that these steps, not the walking
/// skeleton's, serve the call-flow features where both phrase "the caller hears".
/// </summary>
[Binding, Scope(Tag = "callflow")]
public sealed partial class CallFlowSteps(FlowDriver flow, WireDriver wire, ScenarioContext scenario)
{
    private static readonly LocalDateTimePattern LocalTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");
    private readonly List<string> _flows = [];
    private FlowReadResult? _saved;

    private bool OnTheWire => scenario.ScenarioInfo.CombinedTags.Contains("wire");

    [Given("the call flow:")]
    public void GivenTheCallFlow(string json)
    {
        _flows.Add(json);
        if (!OnTheWire) flow.UseFlow(json);
    }

    [Given("a call may enter at most {int} modules")]
    public void GivenTheStepLimit(int steps) => flow.MaxSteps = steps;

    [Given("it is {word} {word} {word} in {word}")]
    public void GivenItIs(string weekday, string date, string time, string zone)
    {
        var local = LocalTime.Parse($"{date} {time}").GetValueOrThrow();
        Assert.Equal(weekday, local.DayOfWeek.ToString());
        flow.SetClock($"{date} {time}", zone);
    }

    [When("a caller calls")]
    public async Task WhenACallerCalls()
    {
        if (!OnTheWire)
        {
            flow.Call();
            return;
        }
        await wire.StartWithFlowsAsync(_flows);
        await wire.CallTheFlowAsync();
    }

    [When("a caller calls into the flow {string}")]
    public void WhenACallerCallsInto(string flowName) => flow.Call(flowName);

    [When("the caller presses {word}")]
    public Task WhenTheCallerPresses(string keys)
    {
        if (OnTheWire) return wire.Caller.PressAsync(keys);
        flow.Press(keys);
        return Task.CompletedTask;
    }

    /// <summary>In process the menu's timeout passes in virtual time; on the wire the next step waits for it.</summary>
    [When("the caller waits without pressing a key")]
    public void WhenTheCallerPressesNothing()
    {
        if (!OnTheWire) flow.WaitWithoutPressing();
    }

    /// <summary>The prompts named in quotes, in order: 'the caller hears "you-entered", "digit-4" and "confirm-or-reenter"'.</summary>
    [Then("the caller hears {}")]
    [When("the caller hears {}")]
    public async Task ThenTheCallerHears(string what)
    {
        var prompts = PromptNames().Matches(what).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(prompts);
        if (!OnTheWire)
        {
            flow.ExpectHeard(prompts);
            return;
        }
        var problem = await wire.HearsNextAsync(prompts);
        Assert.True(problem is null, $"Expected the caller to hear {string.Join(", ", prompts)}; the caller {problem}.");
    }

    [Then("the call enters the queue {string}")]
    public async Task ThenTheCallEntersTheQueue(string queue)
    {
        if (!OnTheWire)
        {
            Assert.Equal(queue, Assert.IsType<EnterQueue>(flow.Destination).Queue);
            return;
        }
        // Waiting in a queue, the caller hears its music (after the queue's own prompts, if any). Only then is the call
        // surely in the queue: a caller who hangs up as the last prompt ends may leave before the call gets there.
        Assert.True(await wire.Caller.Heard.WaitForToneAsync(PromptLibrary.BuiltInMusicOnHoldHz[0], WireDriver.Patience),
            $"The caller did not hear the queue's music on hold ({PromptLibrary.BuiltInMusicOnHoldHz[0]} Hz) within {WireDriver.Patience.TotalSeconds} s.");
        // The call history names the queue a call waited in, once the caller gives up waiting.
        await wire.Caller.HangUpAsync();
        var entry = await wire.LatestHistoryAsync();
        Assert.Equal(queue, entry.GetProperty("queue").GetString());
    }

    [Then("the call enters the queue {string} with priority {int}")]
    public void ThenTheCallEntersTheQueueWithPriority(string queue, int priority)
    {
        var entered = Assert.IsType<EnterQueue>(flow.Destination);
        Assert.Equal((queue, priority), (entered.Queue, entered.Priority));
    }

    [Then("the call is transferred to {word}")]
    public async Task ThenTheCallIsTransferred(string number)
    {
        if (OnTheWire)
        {
            await ThenTheCallerIsPutThrough(number);
            return;
        }
        Assert.Equal(number, Assert.IsType<TransferToNumber>(flow.Destination).Number);
    }

    /// <summary>On the wire the scenario's only trunk is "carrier", with the partner's phone behind it.</summary>
    [Then("the call is transferred to {word} through the trunk {string}")]
    public async Task ThenTheCallIsTransferredThrough(string number, string trunk)
    {
        if (OnTheWire)
        {
            Assert.Equal("carrier", trunk);
            await ThenTheCallerIsPutThrough(number);
            return;
        }
        Assert.Equal((number, trunk), (Assert.IsType<TransferToNumber>(flow.Destination).Number, Assert.IsType<TransferToNumber>(flow.Destination).Trunk));
    }

    private async Task ThenTheCallerIsPutThrough(string number)
    {
        var problem = await wire.PutThroughToPartnerAsync(number);
        Assert.True(problem is null, $"Expected the caller to be put through to {number}; {problem}.");
    }

    [Then("the call is hung up")]
    public async Task ThenTheCallIsHungUp()
    {
        if (!OnTheWire)
        {
            Assert.IsType<HangUpCall>(flow.Destination);
            return;
        }
        var ended = await wire.Caller.Ended.WaitAsync(WireDriver.Patience);
        Assert.NotEqual("local hang-up", ended);
    }

    [Then("the call is hung up because {string}")]
    public void ThenTheCallIsHungUpBecause(string reason) =>
        Assert.Equal(reason, Assert.IsType<HangUpCall>(flow.Destination).Reason);

    [Then("the caller is still in the flow")]
    public void ThenTheCallerIsStillInTheFlow() => Assert.Null(flow.Destination);

    /// <summary>On the wire, what the call carries is what an agent's desktop is shown with the offer.</summary>
    [Then("the call carries {string} = {string}")]
    public async Task ThenTheCallCarries(string variable, string value)
    {
        if (OnTheWire)
        {
            var offered = await wire.VariablesOfferedToAgentAsync("agent1");
            Assert.True(offered.TryGetProperty(variable, out var shown), $"The offer to agent1 shows no '{variable}'; it shows {offered}.");
            Assert.Equal(value, shown.GetString());
            return;
        }
        Assert.True(flow.Position.Variables.TryGetValue(variable, out var stored), $"The call carries no '{variable}'; it carries {string.Join(", ", flow.Position.Variables.Keys)}.");
        Assert.Equal(value, stored);
    }

    [Then("the call carries no {string}")]
    public void ThenTheCallCarriesNo(string variable) => Assert.False(flow.Position.Variables.ContainsKey(variable));

    [When("the administrator saves the call flow:")]
    public void WhenTheAdministratorSaves(string json) => _saved = flow.Read(json);

    [Then("the flow is refused: {string}")]
    public void ThenTheFlowIsRefused(string problem)
    {
        var saved = _saved ?? throw new InvalidOperationException("No flow saved; add 'When the administrator saves the call flow:'.");
        Assert.Null(saved.Flow);
        Assert.Contains(problem, saved.Errors.Select(e => e.ToString()));
    }

    [Then("the flow is refused, saying {string}")]
    public void ThenTheFlowIsRefusedSaying(string message)
    {
        var saved = _saved ?? throw new InvalidOperationException("No flow saved; add 'When the administrator saves the call flow:'.");
        Assert.Null(saved.Flow);
        Assert.Contains(message, Assert.Single(saved.Errors).ToString(), StringComparison.Ordinal);
    }

    [Then("the flow is accepted with the warning: {string}")]
    public void ThenTheFlowIsAcceptedWithWarning(string warning)
    {
        var saved = _saved ?? throw new InvalidOperationException("No flow saved; add 'When the administrator saves the call flow:'.");
        Assert.NotNull(saved.Flow);
        Assert.Contains(warning, saved.Warnings.Select(w => w.ToString()));
    }

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex PromptNames();
}
