using ContactCentre.Interop.Tests.Peers;

namespace ContactCentre.Interop.Tests.Sip;

/// <summary>
/// SIPp scenario files for SIP interop cases SIPp has no built-in for. Kept as C# text so the test
/// assembly carries them without build items; <c>sipp -sf</c> runs each one as it is. The messages
/// repeated between scenarios (requests of the SIPp caller, responses of the SIPp callee) come from the
/// helpers at the end, so each scenario states only its own flow.
/// </summary>
public static class SippScenarios
{
    /// <summary>
    /// RFC 3261 §9: INVITE, wait for 180, CANCEL (same branch as the INVITE, [branch-3] being message 0),
    /// expect 200 for the CANCEL, then 487 for the INVITE, and ACK the 487 in the INVITE's transaction
    /// (§17.1.1.3: same branch again, To tag of the 487).
    /// </summary>
    public static SippScenario CancelWhileRinging { get; } = SippScenario.FromXml("cancel-while-ringing", $$"""
        {{Header("Caller cancels while it rings")}}
        {{SendInvite(1, toTag: false)}}

          <recv response="100" optional="true"/>
          <recv response="180"/>

        {{Send(Request("CANCEL", 1, branch: "[branch-3]", toTag: false, contact: false), retrans: true)}}

          <recv response="200"/>
          <recv response="487"/>

        {{Send(Request("ACK", 1, branch: "[branch-6]", contact: false))}}

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
        {{Header("Caller puts the call on hold and resumes it")}}
        {{SendInvite(1, sdpVersion: 7, direction: "sendrecv")}}

        {{CallSetUp}}

        {{Send(Request("ACK", 1))}}

          <pause milliseconds="500"/>

        {{SendInvite(2, sdpVersion: 8, direction: "sendonly")}}

          <recv response="100" optional="true"/>
          <recv response="200">
            <action>
              <ereg regexp="a=recvonly" search_in="body" check_it="true" assign_to="held"/>
            </action>
          </recv>

        {{Send(Request("ACK", 2))}}

          <pause milliseconds="{{(long)pauseBeforeResume.TotalMilliseconds}}"/>

        {{SendInvite(3, sdpVersion: 9, direction: "sendrecv")}}

          <recv response="100" optional="true"/>
          <recv response="200">
            <action>
              <ereg regexp="a=sendrecv" search_in="body" check_it="true" assign_to="resumed"/>
            </action>
          </recv>

        {{Send(Request("ACK", 3))}}

        {{SendBye(4)}}

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
        {{Header("Called party demands digest authentication")}}
          <recv request="INVITE"/>

        {{Send(Response("401 Unauthorized", toTag: true,
            "WWW-Authenticate: Digest realm=\"sipp.test\", nonce=\"5ad3f1c0[call_number]b7e2\", qop=\"auth\", algorithm=MD5"))}}

          <recv request="ACK"/>

          <recv request="INVITE">
            <action>
              <verifyauth assign_to="authorized" username="{{DigestUser}}" password="{{DigestPassword}}"/>
            </action>
          </recv>

          <nop hide="true" test="authorized" next="answer"/>

        {{Send(Response("403 Forbidden", toTag: true))}}
          <recv request="ACK"/>
        {{FailByTimeout}}

          <label id="answer"/>
        {{Send(Response("200 OK", toTag: true, "Contact: <sip:[local_ip]:[local_port];transport=[transport]>") with { Body = Sdp(7) }, retrans: true)}}

          <recv request="ACK"/>
          <recv request="BYE"/>

        {{SendOk}}
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
        {{Header("Caller asks the called party to transfer with REFER")}}
        {{SendInvite(1, toTag: false)}}

        {{CallSetUp}}

        {{Send(Request("ACK", 1))}}

          <pause milliseconds="500"/>

        {{Send(Request("REFER", 2,
            extraHeaders: [$"Refer-To: <{TransferTarget}>", "Referred-By: <sip:sipp@[local_ip]:[local_port]>"]), retrans: true)}}

          <recv response="202"/>

          <recv request="NOTIFY">
            <action>
              <ereg regexp="message/sipfrag" search_in="hdr" header="Content-Type:" check_it="true" assign_to="trying_type"/>
              <ereg regexp="^SIP/2\.0 100 " search_in="body" check_it="true" assign_to="trying"/>
            </action>
          </recv>

        {{SendOk}}

          <recv request="NOTIFY">
            <action>
              <ereg regexp="message/sipfrag" search_in="hdr" header="Content-Type:" check_it="true" assign_to="done_type"/>
              <ereg regexp="^SIP/2\.0 200 OK" search_in="body" check_it="true" assign_to="done"/>
            </action>
          </recv>

        {{SendOk}}

        {{SendBye(3)}}

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
        {{Header("Caller answers a digest challenge")}}
        {{SendInvite(1, toTag: false, uri: HostUri)}}

          <recv response="100" optional="true"/>
          <recv response="401" auth="true"/>

        {{Send(Request("ACK", 1, uri: HostUri, branch: "[branch-3]", contact: false))}}

        {{SendInvite(2, toTag: false, uri: HostUri, extraHeaders: [$"[authentication username={username} password={password}]"])}}

          <recv response="100" optional="true"/>
          <!-- Challenged again: the credentials were refused. -->
          <recv response="401" optional="true" next="refused">
            <action>
              <ereg regexp="branch=([^;]*)" search_in="hdr" header="Via:" assign_to="refused_via,refused_branch"/>
            </action>
          </recv>
          <recv response="180" optional="true"/>
          <recv response="200" rtd="true"/>

        {{Send(Request("ACK", 2, uri: HostUri))}}

        {{SendBye(3, uri: HostUri)}}
          <nop hide="true" next="end"/>

          <label id="refused"/>
        {{Send(Request("ACK", 2, uri: HostUri, branch: "[$refused_branch]", contact: false))}}
        {{FailByTimeout}}

          <label id="end"/>
          <Reference variables="refused_via"/>
        </scenario>
        """);

    // ---- Shared fragments. Each returns whole lines at their final indentation (scenario children at two
    // spaces, message lines at six), without a trailing line break, to stand alone on a line of a scenario.

    private const string ServiceUri = "sip:[service]@[remote_ip]:[remote_port]";

    private const string HostUri = "sip:[remote_ip]:[remote_port]";

    private const string ElementIndent = "  ";

    private const string MessageIndent = "      ";

    private static string Header(string name) => $"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="{name}">
        """;

    /// <summary>The provisional and final responses a caller waits for after its INVITE, up to the 200.</summary>
    private const string CallSetUp = """
          <recv response="100" optional="true"/>
          <recv response="180" optional="true"/>
          <recv response="200" rtd="true"/>
        """;

    /// <summary>A receive nothing answers: it times out, which SIPp counts as a failed call.</summary>
    private const string FailByTimeout = """
          <!-- Nothing more comes: this receive times out, which SIPp counts as a failed call. -->
          <recv request="INFO" timeout="100"/>
        """;

    /// <summary>The 200 for an in-dialog request (BYE, NOTIFY) that has no body.</summary>
    private static string SendOk => Send(Response("200 OK", toTag: false));

    /// <summary>A SIP message: its start line and headers, then, if any, a blank line and the body lines.</summary>
    private sealed record Message(IReadOnlyList<string> Lines, IReadOnlyList<string>? Body = null);

    /// <summary>The SDP offer or answer: one PCMU stream, with an <c>a=</c> direction line if one is given.</summary>
    /// <param name="sdpVersion">The last digit of the o= session version (2353687637 for 7).</param>
    private static string[] Sdp(int sdpVersion, string? direction = null) =>
    [
        "v=0",
        $"o=user1 53655765 235368763{sdpVersion} IN IP[local_ip_type] [local_ip]",
        "s=-",
        "c=IN IP[media_ip_type] [media_ip]",
        "t=0 0",
        "m=audio [media_port] RTP/AVP 0",
        "a=rtpmap:0 PCMU/8000",
        .. direction is null ? Array.Empty<string>() : new[] { $"a={direction}" },
    ];

    /// <summary>
    /// A request from the SIPp caller (From tag [pid]SIPpTag00[call_number]). <paramref name="toTag"/> adds
    /// [peer_tag_param] to To; <paramref name="contact"/> adds the caller's Contact; a body makes it an SDP
    /// offer, otherwise Content-Length is 0.
    /// </summary>
    private static Message Request(
        string method,
        int cseq,
        string uri = ServiceUri,
        string branch = "[branch]",
        bool toTag = true,
        bool contact = true,
        string[]? extraHeaders = null,
        string[]? body = null) => new(
        [
            $"{method} {uri} SIP/2.0",
            $"Via: SIP/2.0/[transport] [local_ip]:[local_port];branch={branch}",
            "From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]",
            "To: [service] <sip:[service]@[remote_ip]:[remote_port]>" + (toTag ? "[peer_tag_param]" : ""),
            "Call-ID: [call_id]",
            $"CSeq: {cseq} {method}",
            .. contact ? new[] { "Contact: <sip:sipp@[local_ip]:[local_port]>" } : Array.Empty<string>(),
            .. extraHeaders ?? Array.Empty<string>(),
            "Max-Forwards: 70",
        ],
        body);

    /// <summary>
    /// A response from the SIPp callee to the last request; <paramref name="toTag"/> adds the callee's tag
    /// ([pid]SIPpTag01[call_number]) to a To that has none yet.
    /// </summary>
    private static Message Response(string status, bool toTag, params string[] extraHeaders) => new(
    [
        $"SIP/2.0 {status}",
        "[last_Via:]",
        "[last_From:]",
        "[last_To:]" + (toTag ? ";tag=[pid]SIPpTag01[call_number]" : ""),
        "[last_Call-ID:]",
        "[last_CSeq:]",
        .. extraHeaders,
    ]);

    /// <summary>An INVITE (or re-INVITE) of the caller, with an SDP offer; sent with retransmissions.</summary>
    private static string SendInvite(
        int cseq,
        int sdpVersion = 7,
        string? direction = null,
        bool toTag = true,
        string uri = ServiceUri,
        string[]? extraHeaders = null) =>
        Send(Request("INVITE", cseq, uri, toTag: toTag, extraHeaders: extraHeaders, body: Sdp(sdpVersion, direction)), retrans: true);

    /// <summary>The caller's BYE (retransmitted) and the 200 it expects.</summary>
    private static string SendBye(int cseq, string uri = ServiceUri) =>
        Send(Request("BYE", cseq, uri), retrans: true) + "\n\n" + ElementIndent + """<recv response="200" crlf="true"/>""";

    /// <summary>
    /// A &lt;send&gt; of <paramref name="message"/> in CDATA, as SIPp wants it: blank lines around the
    /// message, Content-Length [len] and Content-Type application/sdp with a body, 0 without.
    /// </summary>
    private static string Send(Message message, bool retrans = false)
    {
        List<string> lines = [.. message.Lines];
        if (message.Body is { } body)
        {
            lines.Add("Content-Type: application/sdp");
            lines.Add("Content-Length: [len]");
            lines.Add("");
            lines.AddRange(body);
        }
        else
        {
            lines.Add("Content-Length: 0");
        }

        var text = string.Join("\n", lines.Select(line => line.Length == 0 ? line : MessageIndent + line));
        return $"""
            {ElementIndent}<send{(retrans ? " retrans=\"500\"" : "")}>
            {ElementIndent}  <![CDATA[

            {text}

            {ElementIndent}  ]]>
            {ElementIndent}</send>
            """;
    }
}
