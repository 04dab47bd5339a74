using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Queues;
using ContactCentre.Actors.Routing;
using ContactCentre.Actors.Tests.Agents;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Flows;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Tests.Routing;

/// <summary>
/// The router tells each queue how many agents serve it (<see cref="QueueAgentsChanged"/>), from the presences of real
/// agent actors, only when the counts change; and a real queue whose no-agents rule is "full" acts on it. Virtual time.
/// </summary>
[Trait("Category", "Unit")]
public sealed class QueueAgentCountSpec : TestKit
{
    private static readonly AgentRules Rules = new(["Lunch"], new Dictionary<string, TimeSpan>());
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private readonly SchedulerClock _clock;
    private readonly TestProbe _call;
    private int _tickets;

    public QueueAgentCountSpec()
        : base("""
            akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
            akka.test.single-expect-default = 15s
            """)
    {
        _clock = new SchedulerClock(Sys.Scheduler);
        _call = CreateTestProbe();
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private IActorRef Router(IReadOnlyDictionary<string, IActorRef> queues)
    {
        var router = Sys.ActorOf(Props.Create(() => new RouterActor(TimeSpan.FromSeconds(20))));
        router.Tell(new RouterQueues(queues));
        return router;
    }

    private IActorRef Agent(string id, IActorRef router, params string[] queues)
    {
        var definition = new AgentDefinition(id, id, queues);
        var clock = _clock;
        return Sys.ActorOf(Props.Create(() => new AgentActor(definition, router, clock, Rules)), id);
    }

    private AgentStatus Command(IActorRef agent, object command)
    {
        agent.Tell(command, TestActor);
        return ExpectMsg<AgentStateChanged>().Status;
    }

    private AgentStatus Login(IActorRef agent, params string[] queues) =>
        Command(agent, new Login(new AgentDevice("sip:agent@127.0.0.1:5070")) { Queues = queues.Length > 0 ? queues : null });

    private static void ExpectCounts(TestProbe queue, int loggedIn, int ready) =>
        Assert.Equal(new QueueAgentsChanged(loggedIn, ready), queue.ExpectMsg<QueueAgentsChanged>());

    private Ticket Waiting(IActorRef router, string queue)
    {
        var ticket = new Ticket($"t{++_tickets}", queue, 0, _clock.GetUtcNow(), "+358401234567");
        router.Tell(new TicketWaiting(ticket, _call.Ref));
        return ticket;
    }

    private void AwaitStatus(IActorRef agent, AgentStatus status) => AwaitAssert(() =>
    {
        agent.Tell(new GetPresence(), TestActor);
        Assert.Equal(status, ExpectMsg<AgentPresence>().Status);
    });

    [Fact]
    public void Logging_in_becoming_ready_taking_a_call_and_logging_out_tell_each_queue_its_counts_only_when_they_change()
    {
        var support = CreateTestProbe();
        var sales = CreateTestProbe();
        var router = Router(new Dictionary<string, IActorRef> { ["support"] = support.Ref, ["sales"] = sales.Ref });
        var anna = Agent("anna", router, "support", "sales");
        var bob = Agent("bob", router, "support");

        Assert.Equal(AgentStatus.Ready, Login(anna));
        ExpectCounts(support, 1, 1);
        ExpectCounts(sales, 1, 1);
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(AgentStatus.Ready, Login(bob));
        ExpectCounts(support, 2, 2);
        sales.ExpectNoMsg(Quiet);

        // Anna (longest idle) is offered a call: ringing, she is logged in but no longer ready, in both her queues.
        var ticket = Waiting(router, "support");
        Assert.Equal("anna", _call.ExpectMsg<OfferCall>().Agent.AgentId);
        ExpectCounts(support, 2, 1);
        ExpectCounts(sales, 1, 0);

        // Connecting → Connected: the counts stay, nobody is told.
        anna.Tell(new OfferAccepted(ticket.Id));
        router.Tell(new OfferAnswered(ticket.Id) { AgentId = "anna" });
        AwaitStatus(anna, AgentStatus.Connected);
        support.ExpectNoMsg(Quiet);
        sales.ExpectNoMsg(Quiet);

        Assert.Equal(AgentStatus.Paused, Command(bob, new Pause("Lunch")));
        ExpectCounts(support, 2, 0);
        Assert.Equal(AgentStatus.Ready, Command(bob, new SetReady()));
        ExpectCounts(support, 2, 1);
        Assert.Equal(AgentStatus.LoggedOut, Command(bob, new Logout("home time")));
        ExpectCounts(support, 1, 0);
        sales.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void Logging_out_tells_the_queues_served_before_and_a_login_to_fewer_queues_leaves_the_others_at_zero()
    {
        var support = CreateTestProbe();
        var sales = CreateTestProbe();
        var router = Router(new Dictionary<string, IActorRef> { ["support"] = support.Ref, ["sales"] = sales.Ref });
        var anna = Agent("anna", router, "support", "sales");

        Login(anna);
        ExpectCounts(support, 1, 1);
        ExpectCounts(sales, 1, 1);
        Assert.Equal(AgentStatus.LoggedOut, Command(anna, new Logout("end of shift")));
        ExpectCounts(support, 0, 0);
        ExpectCounts(sales, 0, 0);

        Assert.Equal(AgentStatus.Ready, Login(anna, "sales"));
        ExpectCounts(sales, 1, 1);
        support.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void A_queue_hears_nothing_before_a_presence_touches_it_and_its_known_counts_when_the_router_learns_of_it_late()
    {
        var support = CreateTestProbe();
        var sales = CreateTestProbe();
        var router = Router(new Dictionary<string, IActorRef> { ["support"] = support.Ref, ["sales"] = sales.Ref });
        support.ExpectNoMsg(Quiet);

        var presence = new AgentPresence("anna", new HashSet<string> { "support" }, AgentStatus.Ready, _clock.GetUtcNow(), null);
        router.Tell(new AgentPresenceChanged(presence, CreateTestProbe().Ref));
        ExpectCounts(support, 1, 1);
        sales.ExpectNoMsg(Quiet);

        var restarted = CreateTestProbe();
        router.Tell(new RouterQueues(new Dictionary<string, IActorRef> { ["support"] = restarted.Ref, ["sales"] = sales.Ref }));
        ExpectCounts(restarted, 1, 1);
        sales.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void A_queue_that_is_full_with_no_agents_refuses_callers_once_the_router_reports_none_and_keeps_them_with_one()
    {
        var settings = new QueueSettings { WhenNoAgents = NoAgentsRule.Full };
        var router = Sys.ActorOf(Props.Create(() => new RouterActor(TimeSpan.FromSeconds(20))));
        var clock = _clock;
        var queue = Sys.ActorOf(Props.Create(() => new QueueActor("support", router, clock, settings)), "queue-support");
        router.Tell(new RouterQueues(new Dictionary<string, IActorRef> { ["support"] = queue }));
        var anna = Agent("anna", router, "support");

        // Before any presence the queue does not know how many agents serve it: a caller waits (then hangs up).
        var early = Enter(queue, "before-any-agent");
        Assert.Equal(1, Overview(queue).Waiting);
        early.ExpectNoMsg(Quiet);
        queue.Tell(new CloseTicket("before-any-agent", TicketOutcome.Abandoned, "the caller hung up"));
        Assert.Equal(0, Overview(queue).Waiting);

        // Anna logs in and pauses: one logged in, none ready; a caller waits.
        Login(anna);
        Assert.Equal(AgentStatus.Paused, Command(anna, new Pause("Lunch")));
        AwaitAssert(() => Assert.Equal((1, 0), Agents(queue)));
        var waiting = Enter(queue, "one-agent");
        Assert.Equal(1, Overview(queue).Waiting);
        waiting.ExpectNoMsg(Quiet);

        // Anna logs out: the router reports none logged in; the waiting caller and a new one take "full".
        Assert.Equal(AgentStatus.LoggedOut, Command(anna, new Logout("home time")));
        var exit = waiting.ExpectMsg<QueueExitTaken>();
        Assert.Equal(("one-agent", QueueRefusal.Full), (exit.TicketId, exit.Exit));
        var refused = Enter(queue, "no-agent").ExpectMsg<QueueExitTaken>();
        Assert.Equal(("no-agent", QueueRefusal.Full), (refused.TicketId, refused.Exit));

        // Anna logs in (and pauses, so that no call is offered to her): the next caller waits again.
        Login(anna);
        Assert.Equal(AgentStatus.Paused, Command(anna, new Pause("Lunch")));
        AwaitAssert(() => Assert.Equal((1, 0), Agents(queue)));
        var again = Enter(queue, "agent-back");
        Assert.Equal(1, Overview(queue).Waiting);
        again.ExpectNoMsg(Quiet);
    }

    private (int? LoggedIn, int? Ready) Agents(IActorRef queue)
    {
        var overview = Overview(queue);
        return (overview.LoggedInAgents, overview.ReadyAgents);
    }

    private TestProbe Enter(IActorRef queue, string id)
    {
        var call = CreateTestProbe();
        queue.Tell(new Enqueue(new Ticket(id, "support", 0, _clock.GetUtcNow(), "+358401111111"), call.Ref));
        return call;
    }

    private QueueOverview Overview(IActorRef queue)
    {
        queue.Tell(new GetQueueOverview(), TestActor);
        return ExpectMsg<QueueOverview>();
    }
}
