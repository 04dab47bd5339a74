using ContactCentre.Actors.Ports;
using ContactCentre.Domain.Agents;

namespace ContactCentre.Host.Desktop;

/// <summary>Rings an agent's softphone (<c>softphone:AGENT</c>) in the agent's open desktops, through the <see cref="SoftphoneRegistry"/>.</summary>
public sealed class SoftphoneDialer(SoftphoneRegistry softphones) : IAgentDialer
{
    public Task<DialResult> DialAsync(AgentDevice device, OfferDetails offer, CancellationToken cancel)
    {
        if (!device.IsSoftphone)
            return Task.FromResult(new DialResult(null, $"the device '{device.SipUri}' is not a softphone"));
        return softphones.RingAsync(device.SipUri[AgentDevice.SoftphoneScheme.Length..], offer, cancel);
    }
}
