using ContactCentre.Actors.Ports;
using ContactCentre.Domain.Agents;

namespace ContactCentre.Host.Calls;

/// <summary>
/// Rings an agent who logged in with a phone number (<see cref="AgentDevice.PhoneNumber"/>): the number is called
/// through the trunk, showing the caller's number, and the offer timeout ends the ringing as for any device.
/// </summary>
public sealed class PhoneNumberAgentDialer(ITrunkDialer? trunks, TimeSpan offerTimeout) : IAgentDialer
{
    public async Task<DialResult> DialAsync(AgentDevice device, OfferDetails offer, CancellationToken cancel)
    {
        if (device.Number is not { } number)
            return new DialResult(null, $"the device '{device.SipUri}' is not a phone number");
        if (trunks is null)
            return new DialResult(null, $"the agent's number {number} cannot be called: no trunk is configured");
        using var ringing = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        ringing.CancelAfter(offerTimeout);
        var result = await trunks.DialAsync(number, null, new TransferDetails(offer.CallId, offer.Caller), ringing.Token);
        if (result.Answered || cancel.IsCancellationRequested || !ringing.IsCancellationRequested) return result;
        return new DialResult(null, $"no answer in {offerTimeout.TotalSeconds:0} s (the agent's number {number})");
    }
}
