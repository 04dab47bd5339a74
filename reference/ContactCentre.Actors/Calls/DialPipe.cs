using Akka.Actor;
using ContactCentre.Actors.Ports;

namespace ContactCentre.Actors.Calls;

/// <summary>
/// Sends a dial's result to the call actor that dialled. A leg that answers after that actor stopped (it failed, or
/// the host is stopping) would reach nobody and stay connected to nobody: it is hung up here instead.
/// </summary>
internal static class DialPipe
{
    public static void To<T>(Task<DialResult> dial, IActorRef actor, Func<bool> stopped, Func<DialResult, T> message)
    {
        dial.ContinueWith(t =>
        {
            var result = t.IsCompletedSuccessfully ? t.Result : new DialResult(null, t.Exception?.GetBaseException().Message ?? "cancelled");
            if (stopped() && result.Leg is { } late)
            {
                _ = late.HangUpAsync();
                return;
            }
            actor.Tell(message(result));
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
