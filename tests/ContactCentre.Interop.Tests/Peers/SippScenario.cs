using System.Globalization;
using System.Security;

namespace ContactCentre.Interop.Tests.Peers;

/// <summary>What SIPp plays: one of its built-in scenarios (<c>-sn</c>) or an XML file (<c>-sf</c>).</summary>
public sealed record SippScenario(string Name, string? Xml)
{
    public const string DtmfPcapDirectory = "/usr/share/sip-tester";

    /// <summary>A scenario compiled into SIPp, e.g. <c>uas</c> or <c>uac</c>.</summary>
    public static SippScenario BuiltIn(string name) => new(name, null);

    public static SippScenario FromXml(string name, string xml) => new(name, xml);

    /// <summary>
    /// A caller that dials <paramref name="serviceNumber"/> with a PCMU + telephone-event/8000 (pt 101)
    /// offer, waits for 200 and ACKs, pauses, presses <paramref name="digit"/> as RFC 4733 events from
    /// SIPp's DTMF pcap, pauses again, hangs up with BYE and expects 200.
    /// SIPp's play_pcap_audio rewrites the pcap's RTP to go to the media address of the SDP answer.
    /// </summary>
    public static SippScenario CallerPressesDigit(
        string serviceNumber,
        TimeSpan pauseBeforeDigit,
        TimeSpan pauseAfterDigit,
        char digit = '1')
    {
        var pcap = Path.Combine(DtmfPcapDirectory, $"dtmf_2833_{DtmfPcapName(digit)}.pcap");
        var user = SecurityElement.Escape(serviceNumber);
        var before = Milliseconds(pauseBeforeDigit);
        var after = Milliseconds(pauseAfterDigit);
        var xml = $$"""
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <!DOCTYPE scenario SYSTEM "sipp.dtd">
            <scenario name="Caller dials {{user}} and presses {{digit}}">
              <send retrans="500">
                <![CDATA[

                  INVITE sip:{{user}}@[remote_ip]:[remote_port] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From: "caller" <sip:caller@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
                  To: <sip:{{user}}@[remote_ip]:[remote_port]>
                  Call-ID: [call_id]
                  CSeq: 1 INVITE
                  Contact: <sip:caller@[local_ip]:[local_port]>
                  Max-Forwards: 70
                  Content-Type: application/sdp
                  Content-Length: [len]

                  v=0
                  o=caller 53655765 2353687637 IN IP[local_ip_type] [local_ip]
                  s=-
                  c=IN IP[local_ip_type] [local_ip]
                  t=0 0
                  m=audio [media_port] RTP/AVP 0 101
                  a=rtpmap:0 PCMU/8000
                  a=rtpmap:101 telephone-event/8000
                  a=fmtp:101 0-16
                  a=ptime:20
                  a=sendrecv

                ]]>
              </send>

              <recv response="100" optional="true"/>
              <recv response="180" optional="true"/>
              <recv response="183" optional="true"/>
              <!-- rrs: ACK and BYE follow the answer's Contact and Record-Route (RFC 3261 12.2.1.1). -->
              <recv response="200" rtd="true" rrs="true"/>

              <send>
                <![CDATA[

                  ACK [next_url] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From: "caller" <sip:caller@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
                  To: <sip:{{user}}@[remote_ip]:[remote_port]>[peer_tag_param]
                  [routes]
                  Call-ID: [call_id]
                  CSeq: 1 ACK
                  Contact: <sip:caller@[local_ip]:[local_port]>
                  Max-Forwards: 70
                  Content-Length: 0

                ]]>
              </send>

              <pause milliseconds="{{before}}"/>
              <nop>
                <action>
                  <exec play_pcap_audio="{{SecurityElement.Escape(pcap)}}"/>
                </action>
              </nop>
              <pause milliseconds="{{after}}"/>

              <send retrans="500">
                <![CDATA[

                  BYE [next_url] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From: "caller" <sip:caller@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
                  To: <sip:{{user}}@[remote_ip]:[remote_port]>[peer_tag_param]
                  [routes]
                  Call-ID: [call_id]
                  CSeq: 2 BYE
                  Contact: <sip:caller@[local_ip]:[local_port]>
                  Max-Forwards: 70
                  Content-Length: 0

                ]]>
              </send>
              <recv response="200" crlf="true"/>
            </scenario>
            """;
        return FromXml($"caller-presses-{DtmfPcapName(digit)}", xml);
    }

    private static string DtmfPcapName(char digit) => digit switch
    {
        >= '0' and <= '9' => digit.ToString(),
        '#' => "pound",
        '*' => "star",
        _ => throw new ArgumentOutOfRangeException(nameof(digit), digit, "SIPp ships DTMF pcaps for 0-9, # and * only."),
    };

    private static string Milliseconds(TimeSpan pause) =>
        pause < TimeSpan.Zero
            ? throw new ArgumentOutOfRangeException(nameof(pause), pause, "A pause cannot be negative.")
            : ((long)pause.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
