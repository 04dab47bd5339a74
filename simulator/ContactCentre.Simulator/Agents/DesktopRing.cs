using System.Text.Json;

namespace ContactCentre.Simulator.Agents;

/// <summary>
/// A server's <c>ring</c> message: the agent's softphone rings, or stopped ringing (docs/agent-protocol.md, "Softphone").
/// State is "ringing", "answered" or "ended" (with the reason: cancelled, no answer, rejected, the agent's desktop closed).
/// </summary>
public sealed record DesktopRing(string Call, string Party, string Queue, string Direction, string State, string? Reason)
{
    public bool IsOutbound => Direction == "outbound";

    public static DesktopRing From(JsonElement m) => new(
        Text(m, "call") ?? "", Text(m, "party") ?? "", Text(m, "queue") ?? "", Text(m, "direction") ?? "",
        Text(m, "state") ?? "", Text(m, "reason"));

    private static string? Text(JsonElement m, string field) =>
        m.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
