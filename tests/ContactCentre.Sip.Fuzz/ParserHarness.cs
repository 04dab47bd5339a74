namespace ContactCentre.Sip.Fuzz;

/// <summary>
/// What one fuzz input exercises: the parser and then the validator, as the endpoint would on receipt.
/// Any exception escaping here is a finding; a rejected input is the expected outcome for most mutations.
/// </summary>
public static class ParserHarness
{
    /// <summary>Runs one input; true when it parsed as a message.</summary>
    public static bool Run(ReadOnlySpan<byte> input)
    {
        if (!SipParser.TryParse(input, out var message, out var error))
        {
            // A refusal must say why, so a peer can be told (RFC 3261 §21.4.1 reason phrases).
            if (string.IsNullOrEmpty(error))
            {
                throw new InvalidOperationException("Parser refused an input without naming the fault");
            }
            return false;
        }
        if (message is SipRequest request)
        {
            _ = RequestValidator.Check(request);
        }
        _ = message!.CSeq;
        _ = message.FromTag;
        _ = message.ToTag;
        // What we serialise we must read back (unless re-encoding replaced bytes and grew it past the limit).
        var serialised = message.ToBytes();
        if (serialised.Length <= SipParser.MaxMessageSize && !SipParser.TryParse(serialised, out _, out var again))
        {
            throw new InvalidOperationException($"Serialised message does not parse again: {again}");
        }
        return true;
    }
}
