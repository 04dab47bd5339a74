using ContactCentre.Actors.Agents;
using ContactCentre.Domain.Agents;
using ContactCentre.Features.Drivers;
using Reqnroll;

namespace ContactCentre.Features.Agents;

/// <summary>Agents and the calls offered to them, on the in-process ACD driver in virtual time.</summary>
[Binding, Scope(Tag = "acd")]
public sealed class AgentSteps(AcdDriver acd)
{
    private string? _answeredCall;
    private string? _answeredBy;

    [Given("the offer timeout is {int} seconds")]
    public void GivenTheOfferTimeout(int seconds) => acd.OfferTimeout = TimeSpan.FromSeconds(seconds);

    [Given("agents are paused after {int} unanswered offers in a row")]
    public void GivenAutoPause(int offers) => acd.AutoPauseAfterNoAnswers = offers;

    [Given("queue {string} has {int} seconds of wrap-up")]
    public void GivenWrapUp(string queue, int seconds) => acd.SetWrapUp(queue, TimeSpan.FromSeconds(seconds));

    [Given("the pause reasons are {string}")]
    public void GivenPauseReasons(string reasons) => acd.PauseReasons = reasons.Split(',', StringSplitOptions.TrimEntries);

    [Given("agent {string} is ready in queue {string}")]
    public Task GivenAgentIsReady(string agent, string queue) => acd.LogInAsync(agent, queue);

    [Given("agent {string} is ready in queue {string} with the softphone and the desktop closed")]
    public Task GivenSoftphoneAgent(string agent, string queue) => acd.LogInAsync(agent, queue, softphone: true);

    [When("a caller waits in queue {string}")]
    [When("another caller waits in queue {string}")]
    public async Task WhenACallerWaits(string queue)
    {
        acd.CallWaits(queue);
        await acd.RoutingAsync();
    }

    [When("a caller who needs {string} waits in queue {string}")]
    public async Task WhenACallerWithSkillWaits(string skill, string queue)
    {
        acd.CallWaits(queue, skill);
        await acd.RoutingAsync();
    }

    [Given("agent {string} speaks {string} at level {int}")]
    public void GivenSkill(string agent, string skill, int level) => acd.SetSkill(agent, skill, level);

    [Given("agent {string} serves queue {string} first")]
    public void GivenPriority(string agent, string queue) => acd.SetPriority(agent, queue, 1);

    [When("agent {string} logs in to queues {string}")]
    public Task WhenAgentLogsInToQueues(string agent, string queues) => acd.LogInAsync(agent, queues);

    [Then("agent {string} takes the {string} call first and then the {string} call")]
    public async Task ThenAgentTakesCallsInOrder(string agent, string firstQueue, string thenQueue)
    {
        foreach (var queue in new[] { firstQueue, thenQueue })
        {
            var call = acd.CallIn(queue);
            await acd.AwaitRingingAsync(call, agent);
            await acd.AnswerAsync(call);
            acd.EndCall(call, agent);
            // Off the call: a Ready agent may be offered the next waiting call at once, so Connecting counts as well.
            await acd.AwaitAnyStatusAsync(agent, AgentStatus.Ready, AgentStatus.WrapUp, AgentStatus.Connecting);
        }
    }

    [When("{int} seconds pass")]
    [When("{int} second passes")]
    public Task WhenTimePasses(int seconds) => acd.PassAsync(TimeSpan.FromSeconds(seconds));

    [When("agent {string} rejects the call")]
    public async Task WhenAgentRejects(string agent)
    {
        await acd.AwaitRingingAsync(acd.LastCall, agent);
        acd.Reject(agent, acd.LastCall);
        await acd.AwaitStatusAsync(agent, AgentStatus.NoAnswer);
    }

    [When("agent {string} makes themselves ready")]
    public async Task WhenAgentIsReady(string agent)
    {
        await acd.CommandAsync(agent, new SetReady());
        Assert.Null(acd.LastRefusal);
    }

    [When("agent {string} makes themselves ready {int} times")]
    public async Task WhenAgentIsReadyTimes(string agent, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await WhenAgentIsReady(agent);
            // The waiting call is offered again at once; the agent leaves Ready when that offer fails.
            await acd.AwaitAnyStatusAsync(agent, AgentStatus.NoAnswer, AgentStatus.LoggedOut);
        }
    }

    [When("agent {string} logs out")]
    public Task WhenAgentLogsOut(string agent) => acd.CommandAsync(agent, new Logout("logged out from the desktop"));

    [When("supervisor {string} logs out agent {string}")]
    public Task WhenSupervisorLogsOut(string supervisor, string agent) =>
        acd.CommandAsync(supervisor, new LogoutAgent(agent, acd.Agent(agent), "end of shift"));

    [When("agent {string} pauses for {string}")]
    public Task WhenAgentPauses(string agent, string reason) => acd.CommandAsync(agent, new Pause(reason));

    [When("agent {string} ends wrap-up")]
    public async Task WhenAgentEndsWrapUp(string agent)
    {
        await acd.CommandAsync(agent, new EndWrapUp());
        Assert.Null(acd.LastRefusal);
    }

    [When("the caller hangs up")]
    public async Task WhenTheCallerHangsUp()
    {
        await acd.AwaitRingingAnyoneAsync(acd.LastCall);
        await acd.CallerHangsUpAsync(acd.LastCall);
        await acd.RoutingAsync();
    }

    [When("the agent answers the call")]
    public async Task WhenTheAgentAnswers()
    {
        var agent = await acd.AwaitRingingAnyoneAsync(acd.LastCall);
        await acd.AnswerAsync(acd.LastCall);
        (_answeredCall, _answeredBy) = (acd.LastCall, agent);
    }

    [When("the call ends")]
    public async Task WhenTheCallEnds()
    {
        Assert.True(_answeredCall is not null, "No call was answered.");
        acd.EndCall(_answeredCall!, _answeredBy!);
        await acd.AwaitAnyStatusAsync(_answeredBy!, AgentStatus.WrapUp, AgentStatus.Ready);
    }

    [Then("the call rings agent {string}")]
    public Task ThenTheCallRings(string agent) => acd.AwaitRingingAsync(acd.LastCall, agent);

    [Then("the call rings nobody")]
    public Task ThenTheCallRingsNobody() => acd.AwaitRingingAsync(acd.LastCall, null);

    [Then("agent {string} is {string}")]
    public Task ThenAgentIs(string agent, string status) => acd.AwaitStatusAsync(agent, Enum.Parse<AgentStatus>(status));

    [Then("agent {string} is paused with the reason {string}")]
    public async Task ThenAgentIsPaused(string agent, string reason)
    {
        await acd.AwaitStatusAsync(agent, AgentStatus.Paused);
        Assert.Equal(reason, (await acd.StateAsync(agent)).PauseReason);
    }

    [Then("the agent is told {string}")]
    public void ThenTheAgentIsTold(string message) => Assert.Equal(message, acd.LastRefusal);
}
