namespace ContactCentre.Sip;

public enum SipTransportKind
{
    Udp,
    Tcp,
}
