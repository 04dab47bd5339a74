using System.Net;

namespace ContactCentre.Sip;

/// <summary>Where a message came from: the peer, the transport, and for TCP/WebSocket the connection to answer on.</summary>
internal sealed record InboundSource(IPEndPoint Remote, SipTransportKind Transport, ISipConnection? Connection);
