using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ContactCentre.Load.Sip;

/// <summary>What a softphone sends the contact centre and what the centre answers: an INVITE with SDP and its 200 OK.</summary>
public static class TypicalMessages
{
    public static byte[] Invite { get; } = Crlf("""
        INVITE sip:0201234567@192.0.2.10:5060 SIP/2.0
        Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK776asdhds;rport
        Max-Forwards: 70
        From: "Alice Caller" <sip:alice@example.com>;tag=1928301774
        To: <sip:0201234567@192.0.2.10>
        Call-ID: a84b4c76e66710@pc33.example.com
        CSeq: 314159 INVITE
        Contact: <sip:alice@198.51.100.7:5060;transport=udp>
        Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, UPDATE
        Supported: replaces, timer
        User-Agent: Softphone/7.2.1
        Content-Type: application/sdp
        Content-Length: 236

        v=0
        o=alice 2890844526 2890844526 IN IP4 198.51.100.7
        s=-
        c=IN IP4 198.51.100.7
        t=0 0
        m=audio 49170 RTP/AVP 0 8 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=ptime:20
        a=sendrecv

        """);

    public static byte[] Ok { get; } = Crlf("""
        SIP/2.0 200 OK
        Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK776asdhds;rport=5060;received=198.51.100.7
        From: "Alice Caller" <sip:alice@example.com>;tag=1928301774
        To: <sip:0201234567@192.0.2.10>;tag=a6c85cf
        Call-ID: a84b4c76e66710@pc33.example.com
        CSeq: 314159 INVITE
        Contact: <sip:0201234567@192.0.2.10:5060>
        Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, UPDATE
        Server: ContactCentreRef
        Content-Type: application/sdp
        Content-Length: 197

        v=0
        o=- 1 1 IN IP4 192.0.2.10
        s=-
        c=IN IP4 192.0.2.10
        t=0 0
        m=audio 40000 RTP/AVP 0 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=ptime:20
        a=sendrecv

        """);

    /// <summary>
    /// The INVITE with <paramref name="count"/> more headers that the stack does not read, of the kinds carriers add
    /// (P-headers, X-headers, Call-Info).
    /// </summary>
    public static byte[] InviteWithUninspectedHeaders(int count)
    {
        var text = Encoding.UTF8.GetString(Invite);
        var extra = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            extra.Append(CultureInfo.InvariantCulture, $"X-Carrier-Tag-{i}: route=42;leg={i};trace=a84b4c76e66710\r\n");
        }
        return Encoding.UTF8.GetBytes(text.Replace("Content-Type:", extra + "Content-Type:", StringComparison.Ordinal));
    }

    // Raw string literals keep the source file's line ends; SIP wants CRLF (RFC 3261 §7).
    private static byte[] Crlf(string text)
    {
        var message = text.ReplaceLineEndings("\r\n");
        var split = message.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var body = Encoding.UTF8.GetByteCount(message[split..]);
        // Content-Length is written by hand above; fix it to the real body size so the sample stays valid if edited.
        var head = Regex.Replace(message[..split], @"Content-Length: \d+", $"Content-Length: {body}");
        return Encoding.UTF8.GetBytes(head + message[split..]);
    }
}
