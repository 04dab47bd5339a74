using System.Net;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Simulator.Callers;

/// <summary>A caller: a SIP phone that dials a service number and listens, presses keys and talks.</summary>
public sealed class SimulatedCaller : IAsyncDisposable
{
    private SimulatedCaller(SimulatedPhone phone) => Phone = phone;

    public SimulatedPhone Phone { get; }
    public PhoneCall? Call { get; private set; }

    public static async Task<SimulatedCaller> StartAsync(string number = "+358401234567", IPAddress? address = null, CancellationToken cancel = default) =>
        new(await SimulatedPhone.StartAsync(number, address, cancel));

    /// <summary>Dials; throws naming the SIP response when the call is not answered.</summary>
    public async Task<PhoneCall> CallAsync(IPEndPoint contactCentre, string number, CancellationToken cancel = default)
    {
        var (response, call) = await Phone.DialAsync(contactCentre, number, cancel);
        Call = call ?? throw new InvalidOperationException($"The call to {number} was not answered: {response.StatusCode} {response.Reason}");
        return call;
    }

    public async ValueTask DisposeAsync()
    {
        if (Call is not null) await Call.DisposeAsync();
        await Phone.DisposeAsync();
    }
}
