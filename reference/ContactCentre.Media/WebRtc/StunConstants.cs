namespace ContactCentre.Media.WebRtc;

/// <summary>STUN message types (RFC 8489 §5: class bits C1/C0 interleaved with the method) used by ICE.</summary>
public enum StunMessageType : ushort
{
    BindingRequest = 0x0001,
    BindingIndication = 0x0011,
    BindingSuccessResponse = 0x0101,
    BindingErrorResponse = 0x0111,
}

/// <summary>STUN attribute types (RFC 8489 §18.3, RFC 8445 §16.1). Below 0x8000 a receiver must understand them.</summary>
public enum StunAttributeType : ushort
{
    MappedAddress = 0x0001,
    Username = 0x0006,
    MessageIntegrity = 0x0008,
    ErrorCode = 0x0009,
    UnknownAttributes = 0x000A,
    XorMappedAddress = 0x0020,
    Priority = 0x0024,
    UseCandidate = 0x0025,
    Software = 0x8022,
    Fingerprint = 0x8028,
    IceControlled = 0x8029,
    IceControlling = 0x802A,
}
