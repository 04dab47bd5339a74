using System.Net;

namespace ContactCentre.Sip;

/// <summary>The outcome of negotiating an answer to an offer (RFC 3264 §6).</summary>
public sealed record SdpAnswerChoice(SdpFormat Codec, SdpFormat? TelephoneEvent, IPEndPoint RemoteRtp);
