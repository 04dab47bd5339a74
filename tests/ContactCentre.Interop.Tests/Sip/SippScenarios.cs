using ContactCentre.Interop.Tests.Peers;

namespace ContactCentre.Interop.Tests.Sip;

/// <summary>
/// SIPp scenario files for SIP interop cases SIPp has no built-in for. Kept as C# text so the test
/// assembly carries them without build items; <c>sipp -sf</c> runs each one as it is.
/// </summary>
public static class SippScenarios
{
    /// <summary>
    /// RFC 3261 §9: INVITE, wait for 180, CANCEL (same branch as the INVITE, [branch-3] being message 0),
    /// expect 200 for the CANCEL, then 487 for the INVITE, and ACK the 487 in the INVITE's transaction
    /// (§17.1.1.3: same branch again, To tag of the 487).
    /// </summary>
    public static SippScenario CancelWhileRinging { get; } = SippScenario.FromXml("cancel-while-ringing", """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="Caller cancels while it rings">
          <send retrans="500">
            <![CDATA[

              INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 INVITE
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP 0
              a=rtpmap:0 PCMU/8000

            ]]>
          </send>

          <recv response="100" optional="true"/>
          <recv response="180"/>

          <send retrans="500">
            <![CDATA[

              CANCEL sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch-3]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 CANCEL
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>

          <recv response="200"/>
          <recv response="487"/>

          <send>
            <![CDATA[

              ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch-6]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 1 ACK
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>

          <!-- A 487 retransmitted before our ACK arrived is answered with the ACK again. -->
          <timewait milliseconds="1000"/>
        </scenario>
        """);

    /// <summary>
    /// RFC 3264 §8.4 hold and resume: after the call is up, a re-INVITE offering <c>a=sendonly</c> must be
    /// answered 200 with <c>a=recvonly</c>, then one offering <c>a=sendrecv</c> with <c>a=sendrecv</c>; each
    /// 200 is ACKed (CSeq of its re-INVITE), then BYE. The initial INVITE has no To tag, so
    /// [peer_tag_param] is empty there. A 0.5 s pause after the first ACK gives the answering side time to
    /// take the dialog (it is handed over when the ACK arrives).
    /// </summary>
    /// <param name="pauseBeforeResume">Between the ACK of the hold and the resuming re-INVITE.</param>
    public static SippScenario HoldThenResume(TimeSpan pauseBeforeResume) => SippScenario.FromXml("hold-then-resume", $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="Caller puts the call on hold and resumes it">
          <send retrans="500">
            <![CDATA[

              INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 1 INVITE
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP 0
              a=rtpmap:0 PCMU/8000
              a=sendrecv

            ]]>
          </send>

          <recv response="100" optional="true"/>
          <recv response="180" optional="true"/>
          <recv response="200" rtd="true"/>

          <send>
            <![CDATA[

              ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 1 ACK
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>

          <pause milliseconds="500"/>

          <send retrans="500">
            <![CDATA[

              INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 2 INVITE
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=user1 53655765 2353687638 IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP 0
              a=rtpmap:0 PCMU/8000
              a=sendonly

            ]]>
          </send>

          <recv response="100" optional="true"/>
          <recv response="200">
            <action>
              <ereg regexp="a=recvonly" search_in="body" check_it="true" assign_to="held"/>
            </action>
          </recv>

          <send>
            <![CDATA[

              ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 2 ACK
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>

          <pause milliseconds="{{(long)pauseBeforeResume.TotalMilliseconds}}"/>

          <send retrans="500">
            <![CDATA[

              INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 3 INVITE
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=user1 53655765 2353687639 IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP 0
              a=rtpmap:0 PCMU/8000
              a=sendrecv

            ]]>
          </send>

          <recv response="100" optional="true"/>
          <recv response="200">
            <action>
              <ereg regexp="a=sendrecv" search_in="body" check_it="true" assign_to="resumed"/>
            </action>
          </recv>

          <send>
            <![CDATA[

              ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 3 ACK
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>

          <send retrans="500">
            <![CDATA[

              BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 4 BYE
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>

          <recv response="200" crlf="true"/>

          <!-- The regexp checks fail the call; the captured text itself is not used. -->
          <Reference variables="held,resumed"/>
        </scenario>
        """);

    /// <summary>The user and password <see cref="ChallengesWithDigest"/> accepts.</summary>
    public const string DigestUser = "alice";

    public const string DigestPassword = "s3cret-pass";

    /// <summary>
    /// A called party that demands Digest authentication (RFC 3261 §22.2): the first INVITE gets 401 with an
    /// MD5, qop=auth challenge and is ACKed; the repeated INVITE (same Call-ID, higher CSeq) must carry an
    /// Authorization that SIPp's verifyauth accepts for <see cref="DigestUser"/>/<see cref="DigestPassword"/>.
    /// Then 200 with SDP, ACK, BYE and 200. A wrong answer gets 403 and fails the call on SIPp's side too.
    /// </summary>
    public static SippScenario ChallengesWithDigest { get; } = SippScenario.FromXml("challenges-with-digest", $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="Called party demands digest authentication">
          <recv request="INVITE"/>

          <send>
            <![CDATA[

              SIP/2.0 401 Unauthorized
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              WWW-Authenticate: Digest realm="sipp.test", nonce="5ad3f1c0[call_number]b7e2", qop="auth", algorithm=MD5
              Content-Length: 0

            ]]>
          </send>

          <recv request="ACK"/>

          <recv request="INVITE">
            <action>
              <verifyauth assign_to="authorized" username="{{DigestUser}}" password="{{DigestPassword}}"/>
            </action>
          </recv>

          <nop hide="true" test="authorized" next="answer"/>

          <send>
            <![CDATA[

              SIP/2.0 403 Forbidden
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0

            ]]>
          </send>
          <recv request="ACK"/>
          <!-- Nothing more comes: this receive times out, which SIPp counts as a failed call. -->
          <recv request="INFO" timeout="100"/>

          <label id="answer"/>
          <send retrans="500">
            <![CDATA[

              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              Contact: <sip:[local_ip]:[local_port];transport=[transport]>
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP 0
              a=rtpmap:0 PCMU/8000

            ]]>
          </send>

          <recv request="ACK"/>
          <recv request="BYE"/>

          <send>
            <![CDATA[

              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0

            ]]>
          </send>
        </scenario>
        """);

    /// <summary>The Refer-To <see cref="TransfersTheCall"/> sends.</summary>
    public const string TransferTarget = "sip:transfer-target@127.0.0.1";

    /// <summary>
    /// Blind transfer asked of the called party (RFC 3515): after the call is up (and a 0.5 s pause, as in
    /// <see cref="HoldThenResume"/>, for the answering side to take the dialog), an in-dialog REFER to
    /// <see cref="TransferTarget"/> must get 202; then two NOTIFYs (Event: refer) with a message/sipfrag body
    /// are answered 200, the first "SIP/2.0 100 Trying", the last "SIP/2.0 200 OK" (RFC 3515 §2.4.4-2.4.5); then BYE.
    /// </summary>
    public static SippScenario TransfersTheCall { get; } = SippScenario.FromXml("transfers-the-call", $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="Caller asks the called party to transfer with REFER">
          <send retrans="500">
            <![CDATA[

              INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 INVITE
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP 0
              a=rtpmap:0 PCMU/8000

            ]]>
          </send>

          <recv response="100" optional="true"/>
          <recv response="180" optional="true"/>
          <recv response="200" rtd="true"/>

          <send>
            <![CDATA[

              ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 1 ACK
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>

          <pause milliseconds="500"/>

          <send retrans="500">
            <![CDATA[

              REFER sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 2 REFER
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Refer-To: <{{TransferTarget}}>
              Referred-By: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>

          <recv response="202"/>

          <recv request="NOTIFY">
            <action>
              <ereg regexp="message/sipfrag" search_in="hdr" header="Content-Type:" check_it="true" assign_to="trying_type"/>
              <ereg regexp="^SIP/2\.0 100 " search_in="body" check_it="true" assign_to="trying"/>
            </action>
          </recv>

          <send>
            <![CDATA[

              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0

            ]]>
          </send>

          <recv request="NOTIFY">
            <action>
              <ereg regexp="message/sipfrag" search_in="hdr" header="Content-Type:" check_it="true" assign_to="done_type"/>
              <ereg regexp="^SIP/2\.0 200 OK" search_in="body" check_it="true" assign_to="done"/>
            </action>
          </recv>

          <send>
            <![CDATA[

              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0

            ]]>
          </send>

          <send retrans="500">
            <![CDATA[

              BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 3 BYE
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>

          <recv response="200" crlf="true"/>

          <!-- The regexp checks fail the call; the captured text itself is not used. -->
          <Reference variables="trying_type,trying,done_type,done"/>
        </scenario>
        """);

    /// <summary>
    /// A caller answering our Digest challenge (RFC 3261 §22.2) with SIPp's [authentication] keyword (MD5,
    /// qop=auth): INVITE, 401, ACK in the INVITE's transaction ([branch-3]: same branch, §17.1.1.3), INVITE again
    /// with the same Call-ID and From tag, CSeq 2 and an Authorization, then 200, ACK and BYE. A wrong password
    /// gets another 401 where the scenario expects 200, which fails the call.
    /// SIPp 3.6 puts uri="sip:host:port" of the remote in its Authorization whatever the Request-URI (and ignores
    /// auth_uri), while the authenticator requires that uri to be the Request-URI (RFC 2617 §3.2.2.5); so these
    /// requests are addressed to sip:host:port.
    /// </summary>
    public static SippScenario AnswersDigestChallenge(string username, string password) => SippScenario.FromXml("answers-digest-challenge", $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="Caller answers a digest challenge">
          <send retrans="500">
            <![CDATA[

              INVITE sip:[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 INVITE
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP 0
              a=rtpmap:0 PCMU/8000

            ]]>
          </send>

          <recv response="100" optional="true"/>
          <recv response="401" auth="true"/>

          <send>
            <![CDATA[

              ACK sip:[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch-3]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 1 ACK
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>

          <send retrans="500">
            <![CDATA[

              INVITE sip:[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 2 INVITE
              Contact: <sip:sipp@[local_ip]:[local_port]>
              [authentication username={{username}} password={{password}}]
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP 0
              a=rtpmap:0 PCMU/8000

            ]]>
          </send>

          <recv response="100" optional="true"/>
          <!-- Challenged again: the credentials were refused. -->
          <recv response="401" optional="true" next="refused">
            <action>
              <ereg regexp="branch=([^;]*)" search_in="hdr" header="Via:" assign_to="refused_via,refused_branch"/>
            </action>
          </recv>
          <recv response="180" optional="true"/>
          <recv response="200" rtd="true"/>

          <send>
            <![CDATA[

              ACK sip:[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 2 ACK
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>

          <send retrans="500">
            <![CDATA[

              BYE sip:[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 3 BYE
              Contact: <sip:sipp@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>

          <recv response="200" crlf="true"/>
          <nop hide="true" next="end"/>

          <label id="refused"/>
          <send>
            <![CDATA[

              ACK sip:[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[$refused_branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 2 ACK
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
          <!-- Nothing more comes: this receive times out, which SIPp counts as a failed call. -->
          <recv request="INFO" timeout="100"/>

          <label id="end"/>
          <Reference variables="refused_via"/>
        </scenario>
        """);
}
