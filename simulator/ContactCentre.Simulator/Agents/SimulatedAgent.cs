using System.Net;
using ContactCentre.Media;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Simulator.Agents;

/// <summary>
/// An agent who logs in at the desktop with an external phone (a simulated SIP phone that
/// auto-answers) and talks on the calls the contact centre offers.
/// </summary>
public sealed class SimulatedAgent : IAsyncDisposable
{
    private readonly string _password;

    private SimulatedAgent(string agentId, string password, DesktopClient desktop, SimulatedPhone phone)
    {
        AgentId = agentId;
        _password = password;
        Desktop = desktop;
        Phone = phone;
    }

    public string AgentId { get; }
    public DesktopClient Desktop { get; }
    public SimulatedPhone Phone { get; }

    /// <summary>
    /// Connects to the desktop and starts the agent's phone; call <see cref="LogInAsync"/> next, which logs in with
    /// <paramref name="password"/> (the agent's "desktopPassword", else its "sipPassword", in the configuration).
    /// </summary>
    public static async Task<SimulatedAgent> StartAsync(string agentId, string password, Uri desktop, IPAddress? phoneAddress = null, CancellationToken cancel = default)
    {
        var phone = await SimulatedPhone.StartAsync(agentId, phoneAddress, cancel);
        try
        {
            return new SimulatedAgent(agentId, password, await DesktopClient.ConnectAsync(desktop, cancel), phone);
        }
        catch
        {
            await phone.DisposeAsync();
            throw;
        }
    }

    /// <summary>What the agent says on answered calls.</summary>
    public void SpeaksWith(Func<IAudioSource> voice) => Phone.AnswerWith = voice;

    /// <summary>Logs in with the external phone and waits until the desktop shows the agent Ready.</summary>
    public async Task LogInAsync(TimeSpan? timeout = null)
    {
        await Desktop.LoginAsync(AgentId, _password, Phone.Uri);
        await WaitForStateAsync("Ready", timeout ?? TimeSpan.FromSeconds(10));
    }

    public async Task WaitForStateAsync(string state, TimeSpan timeout) =>
        await Desktop.NextAsync("state", timeout, m => m.GetProperty("state").GetString() == state);

    public Task<PhoneCall> NextCallAsync(TimeSpan timeout) => Phone.NextAnsweredCallAsync(timeout);

    /// <summary>The agent's call reaching <paramref name="state"/>, as the desktop shows it.</summary>
    public Task<DesktopCall> WaitForCallAsync(string state, TimeSpan timeout) => Desktop.NextCallStateAsync(state, timeout);

    /// <summary>
    /// Calls a number out: the contact centre rings this agent's phone first (it auto-answers), then the number.
    /// Returns the agent's side of the call once the number answered.
    /// </summary>
    public async Task<PhoneCall> CallOutAsync(string number, TimeSpan timeout)
    {
        await Desktop.CallAsync(number);
        var call = await NextCallAsync(timeout);
        await WaitForCallAsync("connected", timeout);
        return call;
    }

    public async ValueTask DisposeAsync()
    {
        await Desktop.DisposeAsync();
        await Phone.DisposeAsync();
    }
}
