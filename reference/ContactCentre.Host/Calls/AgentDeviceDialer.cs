using ContactCentre.Actors.Ports;
using ContactCentre.Domain.Agents;

namespace ContactCentre.Host.Calls;

/// <summary>Rings an agent's device by its kind: a phone number through the trunk, a SIP phone by INVITE.</summary>
public sealed class AgentDeviceDialer(IAgentDialer sipPhones, IAgentDialer phoneNumbers) : IAgentDialer
{
    public Task<DialResult> DialAsync(AgentDevice device, OfferDetails offer, CancellationToken cancel) =>
        device.IsPhoneNumber ? phoneNumbers.DialAsync(device, offer, cancel) : sipPhones.DialAsync(device, offer, cancel);
}
