using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using ContactCentre.Actors.Routing;
using ContactCentre.Domain.Queues;

namespace ContactCentre.Actors.Queues;

/// <summary>
/// A queue: persists its tickets so that they survive a crash, and tells the router which wait.
/// Answers <see cref="GetWaiting"/> with its <see cref="QueueState"/>.
/// </summary>
public sealed class QueueActor : ReceivePersistentActor
{
    private readonly IActorRef _router;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private QueueState _state;

    public QueueActor(string name, IActorRef router, TimeProvider time)
    {
        _router = router;
        _time = time;
        _state = QueueState.Empty(name);
        PersistenceId = $"queue-{name}";

        Recover<QueueEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            var lost = _state.CloseLostAfterRestart(_time.GetUtcNow());
            if (lost.Count == 0) return;
            _log.Warning("Queue {0}: closing {1} tickets of calls lost in a restart", name, lost.Count);
            PersistAll(lost, e => _state = _state.Apply(e));
        });

        Command<Enqueue>(m => Persist(new TicketQueued(m.Ticket), e =>
        {
            _state = _state.Apply(e);
            // The variables are not persisted: a restart closes the tickets of calls it lost anyway.
            _router.Tell(new TicketWaiting(m.Ticket, m.Call) { Variables = m.Variables });
        }));
        Command<CloseTicket>(m =>
        {
            if (_state.Waiting.All(t => t.Id != m.TicketId)) return;
            Persist(new TicketClosed(m.TicketId, m.Outcome, _time.GetUtcNow(), m.Reason), e =>
            {
                _state = _state.Apply(e);
                _router.Tell(new TicketGone(m.TicketId));
            });
        });
        Command<GetWaiting>(_ => Sender.Tell(_state));
    }

    public override string PersistenceId { get; }
}
