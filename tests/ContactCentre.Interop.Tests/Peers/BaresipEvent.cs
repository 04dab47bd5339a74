namespace ContactCentre.Interop.Tests.Peers;

/// <summary>
/// An event baresip pushed over ctrl_tcp, e.g. <c>CALL_ESTABLISHED</c>, <c>CALL_DTMF_START</c>
/// (<see cref="Parameter"/> is the digit) or <c>CALL_CLOSED</c> (<see cref="Parameter"/> is the reason).
/// </summary>
public sealed record BaresipEvent(string Type, string? Class, string? Parameter, string? PeerUri, string? CallId, string Json)
{
    public override string ToString() => $"{Type}({Parameter})";
}
