using ContactCentre.Simulator.Phones;

namespace ContactCentre.Features.Drivers;

/// <summary>Calls as a carrier delivers them after forwarding: to one number, naming the numbers it came through.</summary>
public sealed partial class WireDriver
{
    /// <summary>A call to <paramref name="number"/> that a carrier diverted from <paramref name="divertedFrom"/> (RFC 5806 Diversion).</summary>
    public Task DialDivertedAsync(string number, string divertedFrom) =>
        DialWithHeadersAsync(number, [new("Diversion", $"<tel:{divertedFrom}>;reason=unconditional;counter=1")]);

    /// <summary>A call to <paramref name="number"/> retargeted from <paramref name="retargetedFrom"/>, recorded in History-Info (RFC 7044).</summary>
    public Task DialRetargetedAsync(string number, string retargetedFrom) =>
        DialWithHeadersAsync(number,
            [new("History-Info", $"<tel:{retargetedFrom}>;index=1, <sip:{number}@carrier.example;cause=302>;index=1.1")]);

    private async Task DialWithHeadersAsync(string number, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        _callerPhone ??= await SimulatedPhone.StartAsync("+358401234567");
        var (response, call) = await _callerPhone.DialAsync(Host.SipEndPoint, number, headers);
        if (call is null)
            LastRefusal = (response.StatusCode, response.Reason);
        else
            Caller = call;
    }
}
