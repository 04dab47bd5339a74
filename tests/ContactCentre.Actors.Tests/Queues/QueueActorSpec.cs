using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ContactCentre.Actors.Queues;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Flows;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Tests.Queues;

/// <summary>The queue actor on the in-memory journal, in virtual time: the test scheduler moves the clock.</summary>
[Trait("Category", "Unit")]
public sealed class QueueActorSpec : TestKit
{
    private static readonly Config VirtualTime = ConfigurationFactory.ParseString(
        """akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """);

    private readonly TestProbe _router;
    private readonly SchedulerTime _time;

    public QueueActorSpec() : base(VirtualTime)
    {
        _router = CreateTestProbe();
        _time = new SchedulerTime(Sys.Scheduler);
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private IActorRef Queue(QueueSettings settings, string name = "support") =>
        Sys.ActorOf(Props.Create(() => new QueueActor(name, _router.Ref, _time, settings)));

    private Ticket Ticket(string id, int priority = 0) => new(id, "support", priority, _time.GetUtcNow(), "+358401111111");

    private TestProbe Enter(IActorRef queue, string id)
    {
        var call = CreateTestProbe();
        queue.Tell(new Enqueue(Ticket(id), call.Ref));
        return call;
    }

    private QueueOverview Overview(IActorRef queue)
    {
        queue.Tell(new GetQueueOverview(), TestActor);
        return ExpectMsg<QueueOverview>();
    }

    /// <summary>Moves the clock once the queue has handled everything sent so far (and so armed its timer).</summary>
    private void Advance(IActorRef queue, int seconds)
    {
        Overview(queue);
        Scheduler.Advance(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void A_caller_beyond_the_maximum_waiting_is_sent_to_the_full_exit_and_counted_as_refused()
    {
        var queue = Queue(new QueueSettings { MaxWaiting = 1 });
        Enter(queue, "a");
        Assert.Equal("a", _router.ExpectMsg<TicketWaiting>().Ticket.Id);
        var second = Enter(queue, "b");
        var exit = second.ExpectMsg<QueueExitTaken>();
        Assert.Equal(("b", QueueRefusal.Full), (exit.TicketId, exit.Exit));
        _router.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        var overview = Overview(queue);
        Assert.Equal((1, 1), (overview.Waiting, overview.Refused));
    }

    [Fact]
    public void A_caller_who_waits_the_maximum_leaves_by_the_overflow_exit_and_the_router_forgets_the_ticket()
    {
        var queue = Queue(new QueueSettings { MaxWait = TimeSpan.FromMinutes(1) });
        var call = Enter(queue, "a");
        _router.ExpectMsg<TicketWaiting>();
        Advance(queue, 59);
        call.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Advance(queue, 1);
        var exit = call.ExpectMsg<QueueExitTaken>();
        Assert.Equal(QueueRefusal.Overflow, exit.Exit);
        Assert.Contains("maximum of 60 s", exit.Reason, StringComparison.Ordinal);
        Assert.Equal("a", _router.ExpectMsg<TicketGone>().TicketId);
        var overview = Overview(queue);
        Assert.Equal((0, 1), (overview.Waiting, overview.Overflowed));
    }

    [Fact]
    public void When_the_last_agent_logs_out_waiting_callers_take_the_configured_exit_and_new_ones_are_refused_until_one_logs_in()
    {
        var queue = Queue(new QueueSettings { WhenNoAgents = NoAgentsRule.Overflow });
        var waiting = Enter(queue, "a");
        _router.ExpectMsg<TicketWaiting>();
        queue.Tell(new QueueAgentsChanged(0, 0));
        Assert.Equal(QueueRefusal.Overflow, waiting.ExpectMsg<QueueExitTaken>().Exit);
        _router.ExpectMsg<TicketGone>();

        Assert.Equal(QueueRefusal.Overflow, Enter(queue, "b").ExpectMsg<QueueExitTaken>().Exit);
        queue.Tell(new QueueAgentsChanged(1, 1));
        Enter(queue, "c");
        Assert.Equal("c", _router.ExpectMsg<TicketWaiting>().Ticket.Id);
    }

    [Fact]
    public void A_queue_set_to_stay_keeps_callers_with_no_agent_logged_in()
    {
        var queue = Queue(QueueSettings.Default);
        queue.Tell(new QueueAgentsChanged(0, 0));
        var call = Enter(queue, "a");
        _router.ExpectMsg<TicketWaiting>();
        Advance(queue, 3600);
        call.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, Overview(queue).Waiting);
    }

    [Fact]
    public void The_overview_shows_statistics_and_the_ewt_switches_to_erlang_c_with_enough_handle_times()
    {
        var queue = Queue(new QueueSettings { ServiceLevelThreshold = TimeSpan.FromSeconds(20) });
        Enter(queue, "a");
        Advance(queue, 10);
        Enter(queue, "b");
        Enter(queue, "c");
        Advance(queue, 30);
        queue.Tell(new CloseTicket("a", TicketOutcome.Answered, "answered by agent1"));
        queue.Tell(new CloseTicket("c", TicketOutcome.Abandoned, "caller hung up"));

        var overview = Overview(queue);
        Assert.Equal((1, 1, 0, 1), (overview.Waiting, overview.Answered, overview.AbandonedWithinThreshold, overview.Abandoned));
        Assert.Equal(TimeSpan.FromSeconds(30), overview.LongestWait);
        Assert.Equal(0.0, overview.ServiceLevel);
        Assert.Equal((EwtMethod.Average, TimeSpan.FromSeconds(20)), (overview.EwtMethod, overview.Ewt));
        Assert.Null(overview.LoggedInAgents);

        queue.Tell(new QueueAgentsChanged(2, 0));
        foreach (var seconds in new[] { 100, 200, 300, 200, 200 })
            queue.Tell(new CallHandled("a", TimeSpan.FromSeconds(seconds)));
        overview = Overview(queue);
        Assert.Equal((EwtMethod.ErlangC, TimeSpan.FromSeconds(2 * 200 / 2), 2, 0),
            (overview.EwtMethod, overview.Ewt, overview.LoggedInAgents, overview.ReadyAgents));
        queue.Tell(new GetWaitEstimate("b"), TestActor);
        Assert.Equal(new WaitEstimate("b", 1, TimeSpan.FromSeconds(100), EwtMethod.ErlangC), ExpectMsg<TicketWaitEstimate>().Estimate);
        queue.Tell(new GetWaitEstimate("a"), TestActor);
        Assert.Null(ExpectMsg<TicketWaitEstimate>().Estimate);
    }

    [Fact]
    public void Waiting_callers_hear_position_and_ewt_at_once_then_no_sooner_than_the_interval()
    {
        var queue = Queue(new QueueSettings { AnnouncementInterval = TimeSpan.FromMinutes(1) });
        Enter(queue, "a");
        var call = Enter(queue, "b");
        Assert.Equal(new AnnounceWait("b", 2, 0), call.ExpectMsg<AnnounceWait>());
        Advance(queue, 30);
        call.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Advance(queue, 30);
        Assert.Equal(new AnnounceWait("b", 2, 0), call.ExpectMsg<AnnounceWait>());
    }

    [Fact]
    public void With_only_when_improved_a_caller_hears_again_when_moving_up()
    {
        var queue = Queue(new QueueSettings { AnnouncementInterval = TimeSpan.FromMinutes(1), AnnounceOnlyWhenImproved = true });
        Enter(queue, "a");
        var call = Enter(queue, "b");
        Assert.Equal(2, call.ExpectMsg<AnnounceWait>().Position);
        Advance(queue, 90);
        call.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        queue.Tell(new CloseTicket("a", TicketOutcome.Answered, "answered"));
        Assert.Equal(1, call.ExpectMsg<AnnounceWait>().Position);
    }

    [Fact]
    public void After_a_restart_waiting_tickets_are_closed_as_lost_and_statistics_and_estimates_survive()
    {
        var settings = new QueueSettings { EwtMethod = EwtMethod.Average };
        var queue = Queue(settings, "restart");
        Enter(queue, "a");
        Enter(queue, "b");
        Advance(queue, 40);
        queue.Tell(new CloseTicket("a", TicketOutcome.Answered, "answered"));
        queue.Tell(new CallHandled("a", TimeSpan.FromMinutes(3)));
        Assert.Equal(1, Overview(queue).Answered);
        Watch(queue);
        Sys.Stop(queue);
        ExpectTerminated(queue);

        var again = Queue(settings, "restart");
        again.Tell(new GetWaiting(), TestActor);
        var state = ExpectMsg<QueueState>();
        Assert.Empty(state.Waiting);
        Assert.Equal([TimeSpan.FromMinutes(3)], state.RecentHandleTimes);
        var overview = Overview(again);
        Assert.Equal((1, 1, TimeSpan.FromSeconds(20)), (overview.Answered, overview.Lost, overview.Ewt));
    }
}

/// <summary>The actors' clock read from the (test) scheduler, so that timers and "now" move together.</summary>
internal sealed class SchedulerTime(IScheduler scheduler) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => scheduler.Now;
}
