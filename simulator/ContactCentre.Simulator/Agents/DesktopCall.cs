using System.Text.Json;

namespace ContactCentre.Simulator.Agents;

/// <summary>A server's <c>call</c> message: how the agent's call stands (docs/agent-protocol.md, "Call control").</summary>
public sealed record DesktopCall(string Agent, string Call, string Direction, string Party, string State, bool Muted, string? Consulting, string? Reason)
{
    public static DesktopCall From(JsonElement m) => new(
        Text(m, "agent") ?? "", Text(m, "call") ?? "", Text(m, "direction") ?? "", Text(m, "party") ?? "",
        Text(m, "state") ?? "", m.TryGetProperty("muted", out var muted) && muted.ValueKind == JsonValueKind.True,
        Text(m, "consulting"), Text(m, "reason"));

    private static string? Text(JsonElement m, string field) =>
        m.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
