using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;

namespace ContactCentre.Actors.Tests;

[Trait("Category", "Unit")]
public sealed class AgentActorSpec : TestKit
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly TestProbe _router;

    // A persistent actor recovers from the journal before it answers; on a loaded 2-core machine that can take
    // longer than TestKit's 3 s default, which is about patience, not about what is asserted.
    public AgentActorSpec()
        : base("akka.test.single-expect-default = 15s")
    {
        _router = CreateTestProbe();
    }

    private IActorRef Agent(string id)
    {
        var definition = new AgentDefinition(id, id, ["support"]);
        var time = new ManualTime(T0);
        var router = _router.Ref;
        return Sys.ActorOf(Props.Create(() => new AgentActor(definition, router, time)));
    }

    [Fact]
    public async Task A_desktop_that_closes_leaves_the_agent_as_it_was()
    {
        var agent = Agent("agent-desktop-closes");
        agent.Tell(new Login(new AgentDevice("sip:a@127.0.0.1:5070")));
        agent.Tell(new OfferStarted("t1", "+358401111111", "support"));

        var desktop = CreateTestProbe();
        agent.Tell(new Subscribe(desktop));
        desktop.ExpectMsg<AgentStateChanged>(m => m.Status == AgentStatus.Connecting);
        agent.Tell(new Unsubscribe(desktop));
        var watcher = CreateTestProbe();
        watcher.Watch(desktop);
        Sys.Stop(desktop);
        watcher.ExpectTerminated(desktop);

        // Had the agent actor crashed and recovered, it would be Ready again and could take a second call.
        var presence = await agent.Ask<AgentPresence>(new GetPresence(), TimeSpan.FromSeconds(5));
        Assert.Equal(AgentStatus.Connecting, presence.Status);
    }

    [Fact]
    public void Login_reports_presence_to_the_router_and_an_unanswered_offer_makes_the_agent_no_answer()
    {
        var agent = Agent("agent-presence");
        agent.Tell(new Login(new AgentDevice("sip:a@127.0.0.1:5070")));
        Assert.Equal(AgentStatus.Ready, _router.ExpectMsg<AgentPresenceChanged>().Presence.Status);
        agent.Tell(new OfferStarted("t1", "+358401111111", "support"));
        Assert.Equal(AgentStatus.Connecting, _router.ExpectMsg<AgentPresenceChanged>().Presence.Status);
        agent.Tell(new OfferNotAccepted("t1", "486 Busy Here"));
        Assert.Equal(AgentStatus.NoAnswer, _router.ExpectMsg<AgentPresenceChanged>().Presence.Status);
    }
}
