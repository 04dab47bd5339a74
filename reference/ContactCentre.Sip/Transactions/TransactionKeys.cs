namespace ContactCentre.Sip;

/// <summary>Transaction matching keys (RFC 3261 §17.1.3 client side, §17.2.3 server side).</summary>
internal static class TransactionKeys
{
    /// <summary>Server key: branch + sent-by + method, ACK matching the INVITE it acknowledges.</summary>
    public static string? Server(SipRequest request, string? methodOverride = null)
    {
        if (request.TopViaHeader is not { } via || via.Branch is not { } branch)
        {
            return null;
        }
        var method = methodOverride ?? (request.Method == SipMethods.Ack ? SipMethods.Invite : request.Method);
        return $"{branch}|{via.SentBy}|{method}";
    }

    /// <summary>Client key: our branch + the CSeq method.</summary>
    public static string? Client(SipMessage message)
    {
        if (message.TopViaHeader is not { } via || via.Branch is not { } branch
            || message.CSeq is not { } cseq)
        {
            return null;
        }
        return $"{branch}|{cseq.Method}";
    }
}
