namespace ContactCentre.Actors.Ports;

/// <summary>A caller the flow sends out of the contact centre: who is calling, on which call.</summary>
public sealed record TransferDetails(string CallId, string Caller);

/// <summary>
/// Dials a number out through a carrier trunk (a flow's transfer); the result is the answered far-end leg, or null
/// with the reason (no such trunk, busy, no answer).
/// </summary>
public interface ITrunkDialer
{
    /// <param name="trunk">The trunk the flow names; null for the default one.</param>
    Task<DialResult> DialAsync(string number, string? trunk, TransferDetails details, CancellationToken cancel);
}
