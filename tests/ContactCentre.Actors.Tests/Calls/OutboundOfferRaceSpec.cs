using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ContactCentre.Actors.Agents;
using ContactCentre.Actors.Calls;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.Configuration;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Tests.Calls;

/// <summary>
/// An agent places an outbound call just as the router offers it a queue call (the agent was Ready, the router chose
/// it): whichever reaches the agent first wins, and the other is refused. Never both: no agent with two calls.
/// </summary>
[Trait("Category", "Unit")]
public sealed class OutboundOfferRaceSpec : TestKit
{
    private const string Config = """
        {
          "countryCallingCode": "358",
          "serviceNumbers": [ { "number": "0201234567", "flow": "Demo" } ],
          "queues": [ { "name": "support" } ],
          "agents": [ { "id": "agent1", "queues": [ "support" ] } ],
          "flows": [ { "name": "Demo", "start": "support", "modules": [
            { "type": "queue", "name": "support", "queue": "support" } ] } ]
        }
        """;

    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualTime _time = new(T0);
    private readonly ScriptedDialer _dialer = new();
    private readonly ScriptedTrunkDialer _trunks = new();
    private readonly RecordingHistory _history = new();
    private readonly ContactCentreActors _actors;
    private readonly TestProbe _desk;
    /// <summary>The queue call the router offers: it is asked to ring the agent (<see cref="OfferCall"/>) if the agent takes the offer.</summary>
    private readonly TestProbe _queueCall;

    public OutboundOfferRaceSpec()
        : base("akka.test.single-expect-default = 15s")
    {
        _actors = ContactCentreActors.Start(Sys, ConfigurationReader.Parse(Config), _dialer, _history, _time, _trunks);
        _desk = CreateTestProbe();
        _queueCall = CreateTestProbe();
        _actors.Agents["agent1"].Tell(new Login(new AgentDevice("sip:agent1@127.0.0.1:5070")), TestActor);
        Assert.Equal(AgentStatus.Ready, ExpectMsg<AgentStateChanged>().Status);
    }

    /// <summary>
    /// Stands between the outbound call and the agent and makes the race happen: the router's offer reaches the agent
    /// just before, or just after, the outbound call's first message to it.
    /// </summary>
    private sealed class OfferCrossing : ReceiveActor
    {
        public OfferCrossing(IActorRef agent, OfferStarted offer, IActorRef router, bool offerFirst)
        {
            var crossed = false;
            ReceiveAny(m =>
            {
                if (!crossed && offerFirst) agent.Tell(offer, router);
                agent.Forward(m);
                if (!crossed && !offerFirst) agent.Tell(offer, router);
                crossed = true;
            });
        }
    }

    private IActorRef AgentCalls(bool offerFirst)
    {
        var ticket = new Ticket("call-9", "support", 0, T0, "+358401111111");
        var offer = new OfferStarted(ticket.Id, ticket.Caller, ticket.Queue) { Ticket = ticket, Call = _queueCall.Ref };
        var agent = Sys.ActorOf(Props.Create(() => new OfferCrossing(_actors.Agents["agent1"], offer, _actors.Router, offerFirst)));
        var agents = new Dictionary<string, IActorRef> { ["agent1"] = agent };
        var calls = Sys.ActorOf(Props.Create(() => new AgentCallsActor(agents, new OutboundCalls(_dialer, _trunks, _history, "+358201234567", _time))));
        calls.Tell(new WatchAgentCalls("agent1", _desk.Ref));
        return calls;
    }

    /// <summary>The agent's status, asked after everything sent to it so far was handled.</summary>
    private AgentStatus Status()
    {
        _actors.Agents["agent1"].Tell(new GetPresence(), TestActor);
        return ExpectMsg<AgentPresence>().Status;
    }

    [Fact]
    public async Task An_offer_that_reaches_the_agent_just_after_the_outbound_call_is_refused_and_only_the_outbound_call_rings()
    {
        var calls = AgentCalls(offerFirst: false);
        calls.Tell(new PlaceCall("agent1", "+358409876543"), _desk.Ref);

        var ring = await _dialer.NextDialAsync();
        Assert.StartsWith("out-", ring.Offer.CallId, StringComparison.Ordinal);
        Assert.Equal(CallState.Ringing, _desk.FishForMessage<AgentCallUpdate>(_ => true).State);
        AwaitAssert(() => Assert.Equal(AgentStatus.Busy, Status()));
        // The agent refused the offer (to the router, which offers the ticket elsewhere): the queue call never rings it.
        Assert.False(_queueCall.HasMessages, "the queue call was asked to ring an agent who is on an outbound call");
    }

    [Fact]
    public async Task An_outbound_call_placed_just_after_an_offer_reached_the_agent_is_refused_saying_an_offer_rings()
    {
        var calls = AgentCalls(offerFirst: true);
        calls.Tell(new PlaceCall("agent1", "+358409876543"), _desk.Ref);

        Assert.Equal("call: agent1 has an offer ringing (Connecting), not free to call out",
            _desk.FishForMessage<CallControlRefused>(_ => true).Message);
        Assert.Equal("call-9", _queueCall.ExpectMsg<OfferCall>().Ticket.Id);
        Assert.Equal(AgentStatus.Connecting, Status());
        // Nothing rang the agent's device for the outbound call.
        Assert.False(_dialer.Dials.Reader.TryRead(out _));
        // Its call control is not held by the refused outbound call.
        calls.Tell(new HoldCall("agent1"), _desk.Ref);
        Assert.Equal("hold: agent1 has no call", _desk.FishForMessage<CallControlRefused>(_ => true).Message);
        await Task.CompletedTask;
    }

    /// <summary>Holds what the outbound call sends the agent until the test opens it, then delivers it all in order.</summary>
    private sealed class Gate : ReceiveActor
    {
        public sealed record Open;

        public Gate(IActorRef agent)
        {
            var held = new List<(object Message, IActorRef Sender)>();
            Receive<Open>(_ =>
            {
                foreach (var (message, sender) in held) agent.Tell(message, sender);
                held.Clear();
                Become(() => ReceiveAny(m => agent.Forward(m)));
            });
            ReceiveAny(m => held.Add((m, Sender)));
        }
    }

    [Fact]
    public async Task An_outbound_call_hung_up_before_the_agent_answered_its_busy_request_leaves_the_agent_free()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate(_actors.Agents["agent1"])));
        var agents = new Dictionary<string, IActorRef> { ["agent1"] = gate };
        var calls = Sys.ActorOf(Props.Create(() => new AgentCallsActor(agents, new OutboundCalls(_dialer, _trunks, _history, "+358201234567", _time))));
        calls.Tell(new WatchAgentCalls("agent1", _desk.Ref));
        calls.Tell(new PlaceCall("agent1", "+358409876543"), _desk.Ref);
        calls.Tell(new HangUp("agent1"), _desk.Ref);
        Assert.Equal("agent hung up", _desk.FishForMessage<AgentCallUpdate>(u => u.State == CallState.Ended).Reason);

        gate.Tell(new Gate.Open());
        // Asked through the gate, after what the call sent: the agent was Busy for a moment at most, as the call's end
        // follows its request.
        gate.Tell(new GetPresence(), TestActor);
        Assert.Equal(AgentStatus.Ready, ExpectMsg<AgentPresence>().Status);
        Assert.False(_dialer.Dials.Reader.TryRead(out _));
        await Task.CompletedTask;
    }
}
