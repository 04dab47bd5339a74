using ContactCentre.Actors.Ports;
using ContactCentre.Domain.Agents;

namespace ContactCentre.Host.Calls;

/// <summary>
/// Rings an agent's device with the dialer for its kind: the softphone in the desktop, a phone number through the
/// trunk, or an external phone by SIP.
/// </summary>
public sealed class AgentDialers(IAgentDialer softphones, IAgentDialer sipPhones, IAgentDialer phoneNumbers) : IAgentDialer
{
    public Task<DialResult> DialAsync(AgentDevice device, OfferDetails offer, CancellationToken cancel) =>
        device.IsSoftphone ? softphones.DialAsync(device, offer, cancel)
        : device.IsPhoneNumber ? phoneNumbers.DialAsync(device, offer, cancel)
        : sipPhones.DialAsync(device, offer, cancel);
}
