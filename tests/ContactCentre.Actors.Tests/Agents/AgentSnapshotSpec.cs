using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ContactCentre.Actors.Agents;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;

namespace ContactCentre.Actors.Tests.Agents;

/// <summary>An agent saves a snapshot every N events and recovers from the latest one plus the events after it.</summary>
[Trait("Category", "Unit")]
public sealed class AgentSnapshotSpec : TestKit
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly AgentDevice Phone = new("sip:anna@127.0.0.1:5070");
    private readonly AgentDefinition _definition = new("anna", "Anna", ["support", "sales"]);
    private readonly ManualTime _time = new(T0);
    private static readonly AgentRules Rules = AgentRules.Default with { PauseReasons = ["lunch"] };
    private readonly TestProbe _router;

    public AgentSnapshotSpec()
        : base("""
            akka.test.single-expect-default = 15s
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            """)
    {
        _router = CreateTestProbe();
    }

    private IActorRef Agent(int snapshotEvery)
    {
        var (definition, router, time) = (_definition, _router.Ref, _time);
        return Sys.ActorOf(Props.Create(() => new AgentActor(definition, router, time, Rules, snapshotEvery)));
    }

    private void Do(IActorRef agent, object command, AgentStatus expected)
    {
        agent.Tell(command, TestActor);
        Assert.Equal(expected, ExpectMsg<AgentStateChanged>().Status);
    }

    private async Task<SelectedSnapshot?> LatestSnapshotAsync()
    {
        var store = Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        var loaded = await store.Ask<LoadSnapshotResult>(new LoadSnapshot("agent-anna", SnapshotSelectionCriteria.Latest, long.MaxValue), TimeSpan.FromSeconds(10));
        return loaded.Snapshot;
    }

    [Fact]
    public async Task After_every_third_event_the_state_is_saved_and_a_restart_reads_it_even_when_the_events_before_it_are_gone()
    {
        var agent = Agent(snapshotEvery: 3);
        Do(agent, new Login(Phone) { Queues = ["sales"] }, AgentStatus.Ready); // events 1, 2
        Do(agent, new Pause("lunch"), AgentStatus.Paused);                     // event 3: snapshot
        AwaitCondition(() => LatestSnapshotAsync().Result is not null, TimeSpan.FromSeconds(10));
        var snapshot = (await LatestSnapshotAsync())!;
        Assert.Equal(3, snapshot.Metadata.SequenceNr);
        Assert.Equal((AgentStatus.Paused, "lunch"), (((AgentState)snapshot.Snapshot).Status, ((AgentState)snapshot.Snapshot).PauseReason));

        _time.Advance(TimeSpan.FromMinutes(30));
        Do(agent, new SetReady(), AgentStatus.Ready);                          // event 4
        Watch(agent);
        Sys.Stop(agent);
        ExpectTerminated(agent);

        // Without the snapshot, recovery from event 4 alone could not know the device nor the queues.
        var journal = Persistence.Instance.Apply(Sys).JournalFor(null);
        journal.Tell(new DeleteMessagesTo("agent-anna", 3, TestActor));
        ExpectMsg<DeleteMessagesSuccess>();

        var again = Agent(snapshotEvery: 3);
        var presence = await again.Ask<AgentPresence>(new GetPresence(), TimeSpan.FromSeconds(10));
        Assert.Equal(AgentStatus.Ready, presence.Status);
        Assert.Equal(Phone, presence.Device);
        Assert.Equal(["sales"], presence.Queues);
    }

    [Fact]
    public async Task Only_the_latest_snapshot_is_kept()
    {
        var agent = Agent(snapshotEvery: 2);
        Do(agent, new Login(Phone), AgentStatus.Ready);            // events 1, 2: snapshot at 2
        Do(agent, new Pause("lunch"), AgentStatus.Paused);         // event 3
        Do(agent, new SetReady(), AgentStatus.Ready);              // event 4: snapshot at 4, the one at 2 deleted
        AwaitCondition(() => LatestSnapshotAsync().Result?.Metadata.SequenceNr == 4, TimeSpan.FromSeconds(10));
        var store = Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        AwaitCondition(() => store.Ask<LoadSnapshotResult>(
            new LoadSnapshot("agent-anna", new SnapshotSelectionCriteria(3), long.MaxValue), TimeSpan.FromSeconds(10)).Result.Snapshot is null,
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void The_state_comes_back_from_the_journal_format_as_it_went_in()
    {
        var state = AgentActor.SnapshotOf(AgentState.LoggedOutAgent("anna", ["support", "sales"], T0) with
        {
            Status = AgentStatus.Busy, Device = Phone, Queues = ["sales"], NoAnswers = 2, OfferErrors = 1, TicketId = "out-1",
            BeforeBusy = new StateBeforeBusy(AgentStatus.Paused, "lunch", null, null),
        });
        var serializer = Sys.Serialization.FindSerializerFor(state);
        var back = (AgentState)serializer.FromBinary(serializer.ToBinary(state), typeof(AgentState));
        Assert.Equal((state.Status, state.Device, state.NoAnswers, state.OfferErrors, state.TicketId, state.BeforeBusy),
            (back.Status, back.Device, back.NoAnswers, back.OfferErrors, back.TicketId, back.BeforeBusy));
        Assert.Equal(state.Queues, back.Queues);
        Assert.Equal(state.ConfiguredQueues, back.ConfiguredQueues);
    }
}
