namespace ContactCentre.Sip;

public enum SipTransportKind
{
    Udp,
    Tcp,

    /// <summary>SIP over WebSocket (RFC 7118), Via transport WS: browser clients on a connection the host upgraded.</summary>
    WebSocket,
}
