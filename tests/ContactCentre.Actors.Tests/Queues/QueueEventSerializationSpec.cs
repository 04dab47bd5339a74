using System.Text;
using Akka.TestKit.Xunit2;
using ContactCentre.Domain.Flows;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Tests.Queues;

/// <summary>The queue's persisted events through the actor system's own serializer, as the journal stores them.</summary>
[Trait("Category", "Unit")]
public sealed class QueueEventSerializationSpec : TestKit
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly Ticket Callback = new Ticket("t1", "support", 2, T0, "+358401111111") with { Kind = TicketKind.Callback };

    public static TheoryData<QueueEvent> Events => new()
    {
        new TicketQueued(Callback),
        new TicketQueued(Callback with { Id = "t2", Kind = TicketKind.Consultation }),
        new TicketClosed("t1", TicketOutcome.MaxWaitExceeded, T0.AddMinutes(5), "waited the maximum"),
        new TicketRefused(Callback, QueueRefusal.Full, T0, "queue 'support' is full (20 waiting)"),
        new TicketHandled("t1", TimeSpan.FromSeconds(185.5), T0.AddMinutes(9)),
    };

    [Theory, MemberData(nameof(Events))]
    public void Every_queue_event_comes_back_from_the_journal_format_as_it_went_in(QueueEvent e)
    {
        var serializer = Sys.Serialization.FindSerializerFor(e);
        var back = serializer.FromBinary(serializer.ToBinary(e), e.GetType());
        Assert.Equal(e, back);
    }

    [Fact]
    public void A_call_ticket_is_stored_in_the_shape_it_had_before_tickets_had_a_kind_and_reads_back_as_a_call()
    {
        var e = new TicketQueued(new Ticket("t1", "support", 0, T0, "+358401111111"));
        var serializer = Sys.Serialization.FindSerializerFor(e);
        var json = Encoding.UTF8.GetString(serializer.ToBinary(e));
        Assert.DoesNotContain("Kind", json, StringComparison.Ordinal);
        var back = (TicketQueued)serializer.FromBinary(Encoding.UTF8.GetBytes(json), typeof(TicketQueued));
        Assert.Equal(TicketKind.Call, back.Ticket.Kind);
        Assert.Contains("Kind", Encoding.UTF8.GetString(serializer.ToBinary(new TicketQueued(Callback))), StringComparison.Ordinal);
    }
}
