namespace ContactCentre.Sip;

/// <summary>The endpoint could not bind its listening address; the message names address, port and transport.</summary>
public sealed class SipBindException(string message, Exception? inner = null) : Exception(message, inner);
