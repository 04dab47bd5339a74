namespace ContactCentre.Sip;

/// <summary>How an outgoing call ended its INVITE transaction; the dialog when answered.</summary>
public sealed record OutgoingCallResult(SipResponse FinalResponse, SipDialog? Dialog)
{
    public bool Answered => Dialog is not null;
}
