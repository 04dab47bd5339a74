namespace ContactCentre.Sip;

/// <summary>A transaction ended without the expected peer action, e.g. no ACK for a 2xx before timer H.</summary>
public sealed class SipTransactionException(string message) : Exception(message);
