using Akka.Actor;
using Akka.TestKit.Xunit2;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Calls;
using ContactCentre.Actors.Ports;
using ContactCentre.Actors.Queues;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Tests;

/// <summary>What a waiting caller hears: the queue's prompts, the position and wait announcements, music on hold.</summary>
[Trait("Category", "Unit")]
public sealed class CallAnnouncementSpec : TestKit
{
    // No announcementIntervalSeconds: the queue announces nothing itself, the tests send AnnounceWait.
    private const string Config = """
        {
          "countryCallingCode": "358",
          "serviceNumbers": [ { "number": "0201234567", "flow": "Demo" } ],
          "queues": [ { "name": "support" }, { "name": "quiet" } ],
          "agents": [ { "id": "agent1", "queues": [ "support" ] } ],
          "flows": [
            { "name": "Demo", "start": "support", "modules": [
              { "type": "queue", "name": "support", "queue": "support", "prompts": [ "queue-support" ] } ] },
            { "name": "Quiet", "start": "quiet", "modules": [
              { "type": "queue", "name": "quiet", "queue": "quiet" } ] } ]
        }
        """;

    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private const string TicketId = "call-1";
    private readonly ManualTime _time = new(T0);
    private readonly ScriptedDialer _dialer = new();
    private readonly RecordingHistory _history = new();
    private readonly ContactCentreConfiguration _config = ConfigurationReader.Parse(Config);
    private readonly ContactCentreActors _actors;

    public CallAnnouncementSpec()
    {
        _actors = ContactCentreActors.Start(Sys, _config, _dialer, _history, _time);
    }

    /// <summary>A caller in the support queue who has heard its prompt to the end, and the call's actor.</summary>
    private (InMemoryCallLeg Caller, IActorRef Call) WaitingCaller()
    {
        var caller = new InMemoryCallLeg("caller");
        var call = _actors.StartCall(caller, _config.Flows["Demo"], new CallInfo(TicketId, "+358201234567", "+358401111111", T0));
        AwaitCondition(() => caller.Played.Count == 1);
        Assert.Equal(["queue-support"], caller.Played.Single());
        AssertWaiting();
        caller.FinishPrompts();
        AwaitCondition(() => caller.HearsMusicOnHold);
        return (caller, call);
    }

    private void AssertWaiting() => AwaitAssert(() =>
    {
        _actors.Queues["support"].Tell(new GetWaiting(), TestActor);
        Assert.Single(ExpectMsg<QueueState>().Waiting);
    });

    [Fact]
    public void After_the_queue_prompts_the_caller_hears_music_on_hold()
    {
        var (caller, _) = WaitingCaller();
        Assert.True(caller.HearsMusicOnHold);
        Assert.Single(caller.Played);
    }

    [Fact]
    public void A_queue_without_prompts_plays_music_on_hold_at_once()
    {
        var caller = new InMemoryCallLeg("caller");
        _actors.StartCall(caller, _config.Flows["Quiet"], new CallInfo(TicketId, "+358201234567", "+358401111111", T0));
        AwaitCondition(() => caller.HearsMusicOnHold);
        Assert.Empty(caller.Played);
    }

    [Fact]
    public void The_position_and_wait_are_announced_digit_by_digit_then_the_music_comes_back()
    {
        var (caller, call) = WaitingCaller();

        call.Tell(new AnnounceWait(TicketId, 12, 3));
        AwaitCondition(() => caller.Played.Count == 2);
        Assert.Equal(
            ["queue-position", "digit-1", "digit-2", "queue-wait", "digit-3", "minutes"],
            caller.Played.Last());
        Assert.False(caller.HearsMusicOnHold);

        caller.FinishPrompts();
        AwaitCondition(() => caller.HearsMusicOnHold);
        Assert.Equal(2, caller.Played.Count);
    }

    [Fact]
    public void A_wait_under_a_minute_is_said_as_less_than_one_minute()
    {
        var (caller, call) = WaitingCaller();

        call.Tell(new AnnounceWait(TicketId, 1, 0));
        AwaitCondition(() => caller.Played.Count == 2);
        Assert.Equal(["queue-position", "digit-1", "queue-wait", "queue-wait-under-a-minute"], caller.Played.Last());
    }

    [Fact]
    public void One_minute_is_said_in_the_singular()
    {
        Assert.Equal(["queue-position", "digit-3", "queue-wait", "digit-1", "minute"], CallActor.AnnouncementPrompts(3, 1));
        Assert.Equal(["queue-position", "digit-2", "digit-0", "queue-wait", "digit-1", "digit-0", "minutes"], CallActor.AnnouncementPrompts(20, 10));
    }

    [Fact]
    public void An_announcement_that_comes_during_the_queue_prompts_follows_them()
    {
        var caller = new InMemoryCallLeg("caller");
        var call = _actors.StartCall(caller, _config.Flows["Demo"], new CallInfo(TicketId, "+358201234567", "+358401111111", T0));
        AwaitCondition(() => caller.Played.Count == 1);
        AssertWaiting();

        call.Tell(new AnnounceWait(TicketId, 2, 5));
        call.Tell(new AnnounceWait(TicketId, 1, 4));
        caller.FinishPrompts();
        AwaitCondition(() => caller.Played.Count == 2);
        Assert.Equal(["queue-position", "digit-1", "queue-wait", "digit-4", "minutes"], caller.Played.Last());
        caller.FinishPrompts();
        AwaitCondition(() => caller.HearsMusicOnHold);
        Assert.Equal(2, caller.Played.Count);
    }

    [Fact]
    public void An_announcement_for_another_ticket_plays_nothing()
    {
        var (caller, call) = WaitingCaller();

        call.Tell(new AnnounceWait("call-2", 12, 3));
        // An announcement for the caller's own ticket, sent after, shows the other was handled (and ignored) first.
        call.Tell(new AnnounceWait(TicketId, 4, 2));
        AwaitCondition(() => caller.Played.Count == 2);
        Assert.Equal(["queue-position", "digit-4", "queue-wait", "digit-2", "minutes"], caller.Played.Last());
    }

    [Fact]
    public async Task While_an_agents_phone_rings_nothing_is_announced_and_the_answered_caller_is_bridged_from_music_on_hold()
    {
        var (caller, call) = WaitingCaller();
        _actors.Agents["agent1"].Tell(new Login(new AgentDevice("sip:agent1@127.0.0.1:5070")), TestActor);
        Assert.Equal(AgentStatus.Ready, ExpectMsg<AgentStateChanged>().Status);
        var dial = await _dialer.NextDialAsync();

        // Sent before the answer, so handled before it (one mailbox, in order).
        call.Tell(new AnnounceWait(TicketId, 1, 0));
        var agentLeg = new InMemoryCallLeg("agent");
        dial.Answer.SetResult(new DialResult(agentLeg, "answered"));
        AwaitCondition(() => caller.BridgedTo == agentLeg);
        Assert.Single(caller.Played);
        Assert.False(caller.HearsMusicOnHold);
    }
}
