using System.Globalization;

namespace ContactCentre.Sip;

/// <summary>Builds responses and the requests derived from an INVITE (RFC 3261 §8.2.6, §9.1, §17.1.1.3).</summary>
internal static class SipResponses
{
    /// <summary>A response copying Via, From, To, Call-ID and CSeq (RFC 3261 §8.2.6.2).</summary>
    public static SipResponse Create(SipRequest request, int statusCode, string reason, string? toTag = null)
    {
        var response = new SipResponse(statusCode, reason);
        foreach (var via in request.Headers.GetAll(HeaderNames.Via))
        {
            response.Headers.Add(HeaderNames.Via, via);
        }
        if (request.From is { } from)
        {
            response.Headers.Add(HeaderNames.From, from);
        }
        if (request.To is { } to)
        {
            if (toTag is not null && statusCode > 100 && NameAddress.TryParse(to, out var address) && address!.Tag is null)
            {
                to = address.WithTag(toTag).ToString();
            }
            response.Headers.Add(HeaderNames.To, to);
        }
        if (request.CallId is { } callId)
        {
            response.Headers.Add(HeaderNames.CallId, callId);
        }
        if (request.Headers[HeaderNames.CSeq] is { } cseq)
        {
            response.Headers.Add(HeaderNames.CSeq, cseq);
        }
        if (request.Method == SipMethods.Invite && statusCode is > 100 and < 300)
        {
            // Dialog-creating responses echo Record-Route (RFC 3261 §12.1.1).
            foreach (var route in request.Headers.GetAll(HeaderNames.RecordRoute))
            {
                response.Headers.Add(HeaderNames.RecordRoute, route);
            }
        }
        return response;
    }

    /// <summary>The ACK for a non-2xx final response, sent in the INVITE transaction (RFC 3261 §17.1.1.3).</summary>
    public static SipRequest AckForFailure(SipRequest invite, SipResponse response)
    {
        var ack = new SipRequest(SipMethods.Ack, invite.RequestUri);
        ack.Headers.Add(HeaderNames.Via, invite.TopVia!);
        ack.Headers.Add(HeaderNames.MaxForwards, "70");
        ack.Headers.Add(HeaderNames.From, invite.From!);
        ack.Headers.Add(HeaderNames.To, response.To ?? invite.To!);
        ack.Headers.Add(HeaderNames.CallId, invite.CallId!);
        ack.Headers.Add(HeaderNames.CSeq, $"{invite.CSeq!.Value.Number.ToString(CultureInfo.InvariantCulture)} ACK");
        foreach (var route in invite.Headers.GetAll(HeaderNames.Route))
        {
            ack.Headers.Add(HeaderNames.Route, route);
        }
        return ack;
    }

    /// <summary>The CANCEL for a pending INVITE (RFC 3261 §9.1): same branch, Request-URI, From, To, Call-ID and CSeq number.</summary>
    public static SipRequest Cancel(SipRequest invite)
    {
        var cancel = new SipRequest(SipMethods.Cancel, invite.RequestUri);
        cancel.Headers.Add(HeaderNames.Via, invite.TopVia!);
        cancel.Headers.Add(HeaderNames.MaxForwards, "70");
        cancel.Headers.Add(HeaderNames.From, invite.From!);
        cancel.Headers.Add(HeaderNames.To, invite.To!);
        cancel.Headers.Add(HeaderNames.CallId, invite.CallId!);
        cancel.Headers.Add(HeaderNames.CSeq, $"{invite.CSeq!.Value.Number.ToString(CultureInfo.InvariantCulture)} CANCEL");
        foreach (var route in invite.Headers.GetAll(HeaderNames.Route))
        {
            cancel.Headers.Add(HeaderNames.Route, route);
        }
        return cancel;
    }
}
