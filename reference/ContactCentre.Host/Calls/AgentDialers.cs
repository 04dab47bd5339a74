using ContactCentre.Actors.Ports;
using ContactCentre.Domain.Agents;

namespace ContactCentre.Host.Calls;

/// <summary>Rings an agent's device with the dialer for its kind: the softphone in the desktop, or an external phone by SIP.</summary>
public sealed class AgentDialers(IAgentDialer softphones, IAgentDialer phones) : IAgentDialer
{
    public Task<DialResult> DialAsync(AgentDevice device, OfferDetails offer, CancellationToken cancel) =>
        device.IsSoftphone ? softphones.DialAsync(device, offer, cancel) : phones.DialAsync(device, offer, cancel);
}
