namespace ContactCentre.Simulator.Agents;

/// <summary>The agent-state messages of the desktop protocol (docs/agent-protocol.md, "Agent state").</summary>
public static class DesktopClientAgentState
{
    /// <summary>
    /// Logs in as <paramref name="agent"/> with its desktop password (docs/agent-protocol.md, "Authentication") and
    /// <paramref name="device"/> ("softphone" or a SIP URI), to <paramref name="queues"/> or, when null, all the agent's queues.
    /// </summary>
    public static Task LoginAsync(this DesktopClient client, string agent, string password, string device, IReadOnlyList<string>? queues = null, CancellationToken cancel = default) =>
        queues is null
            ? client.SendAsync(new { type = "login", agent, password, device }, cancel)
            : client.SendAsync(new { type = "login", agent, password, device, queues }, cancel);

    public static Task ReadyAsync(this DesktopClient client, CancellationToken cancel = default) =>
        client.SendAsync(new { type = "ready" }, cancel);

    /// <summary>Pauses with a reason from the configured list.</summary>
    public static Task PauseAsync(this DesktopClient client, string reason, CancellationToken cancel = default) =>
        client.SendAsync(new { type = "pause", reason }, cancel);

    public static Task EndWrapUpAsync(this DesktopClient client, CancellationToken cancel = default) =>
        client.SendAsync(new { type = "endWrapUp" }, cancel);

    public static Task LogoutAsync(this DesktopClient client, CancellationToken cancel = default) =>
        client.SendAsync(new { type = "logout" }, cancel);

    /// <summary>A supervisor logs another agent out.</summary>
    public static Task LogoutAgentAsync(this DesktopClient client, string agent, string? reason = null, CancellationToken cancel = default) =>
        reason is null
            ? client.SendAsync(new { type = "logoutAgent", agent }, cancel)
            : client.SendAsync(new { type = "logoutAgent", agent, reason }, cancel);

    /// <summary>The next "state" message showing <paramref name="state"/>.</summary>
    public static Task<System.Text.Json.JsonElement> NextStateAsync(this DesktopClient client, string state, TimeSpan timeout) =>
        client.NextAsync("state", timeout, m => m.GetProperty("state").GetString() == state);
}
