using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ContactCentre.Load.Sip;

namespace ContactCentre.Load.Media;

/// <summary>
/// rtpengine (Sipwise, Debian package rtpengine-daemon) as a child process relaying RTP in userspace
/// (<c>--table=-1</c>: no kernel forwarding module), driven by its ng control protocol over UDP: each message is
/// a cookie, a space and a bencoded dictionary, and the reply carries the same cookie.
/// </summary>
public sealed partial class RtpEngineRelay : IDisposable
{
    public const string Executable = "/usr/bin/rtpengine";

    // Below the kernel's ephemeral range (32768-60999) so no other socket of the run can take them.
    private const int PortMin = 20000;
    private const int PortMax = 31999;
    private static readonly TimeSpan ReplyWait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly DirectoryInfo _folder;
    private readonly Socket _control;
    private readonly IPEndPoint _ng;
    private readonly byte[] _reply = new byte[65536];
    private int _cookie;

    private RtpEngineRelay(Process process, DirectoryInfo folder, IPEndPoint ng)
    {
        _process = process;
        _folder = folder;
        _ng = ng;
        _control = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveTimeout = (int)ReplyWait.TotalMilliseconds,
        };
        _control.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public int Pid => _process.Id;

    public string Version { get; private set; } = "";

    /// <summary>Starts rtpengine and waits for it to answer ping; null (after saying why) when it is not installed.</summary>
    /// <param name="realtimePriority">When set, its threads run SCHED_RR at this priority (--scheduling=rr), as ours do.</param>
    public static RtpEngineRelay? Start(int? realtimePriority = null)
    {
        if (!File.Exists(Executable))
        {
            Console.WriteLine($"rtpengine is not installed ({Executable} is missing): apt-get install -y rtpengine-daemon. Only ours is measured.");
            return null;
        }

        var folder = Directory.CreateTempSubdirectory("rtpengine-load-");
        var ng = new IPEndPoint(IPAddress.Loopback, LoopbackPorts.FreeUdpPort());
        // Output to a file, not a pipe: a redirected pipe costs .NET a blocked pool thread (see SippProcess).
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = folder.FullName, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" < /dev/null > rtpengine.log 2>&1");
        start.ArgumentList.Add(Executable);
        var realtime = realtimePriority is { } priority ? new[] { "--scheduling=rr", $"--priority={priority}" } : [];
        foreach (var argument in realtime.Concat(new[]
        {
            "--config-file=none", "--foreground", "--table=-1", "--log-stderr", "--log-level=4",
            $"--interface={LoopbackPorts.Address}", $"--listen-ng={ng}",
            $"--port-min={PortMin}", $"--port-max={PortMax}",
            "--pidfile=" + Path.Combine(folder.FullName, "rtpengine.pid"),
        }))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("rtpengine did not start.");
        var relay = new RtpEngineRelay(process, folder, ng);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartWait)
        {
            if (process.HasExited)
            {
                var log = File.ReadAllText(Path.Combine(folder.FullName, "rtpengine.log"));
                relay.Dispose();
                throw new InvalidOperationException($"rtpengine exited at start ({process.ExitCode}): {log.Trim()}");
            }

            if (relay.TryCommand(new() { ["command"] = "ping" }, out var pong) && Text(pong, "result") == "pong")
            {
                relay.Version = ReadVersion();
                return relay;
            }

            Thread.Sleep(200);
        }

        relay.Dispose();
        throw new InvalidOperationException($"rtpengine did not answer ping on {ng} within {StartWait.TotalSeconds:0} s.");
    }

    /// <summary>
    /// Sets up one call: the caller's offer and the agent's answer, each with its phone's address. Returns where each
    /// phone must send: the caller to the port in the answer rtpengine rewrote, the agent to the port in the offer.
    /// </summary>
    public (IPEndPoint CallerSendsTo, IPEndPoint AgentSendsTo) Connect(string callId, IPEndPoint caller, IPEndPoint agent)
    {
        var offer = Command(new()
        {
            ["command"] = "offer", ["call-id"] = callId, ["from-tag"] = "caller", ["sdp"] = Sdp(caller, callId),
        });
        var answer = Command(new()
        {
            ["command"] = "answer", ["call-id"] = callId, ["from-tag"] = "caller", ["to-tag"] = "agent", ["sdp"] = Sdp(agent, callId),
        });
        return (AudioAddress(Text(answer, "sdp")), AudioAddress(Text(offer, "sdp")));
    }

    public void Delete(string callId) =>
        TryCommand(new() { ["command"] = "delete", ["call-id"] = callId, ["from-tag"] = "caller", ["delete-delay"] = 0 }, out _);

    public void Dispose()
    {
        _control.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        _folder.Delete(recursive: true);
    }

    private Dictionary<string, object> Command(Dictionary<string, object> message)
    {
        if (!TryCommand(message, out var reply))
        {
            throw new InvalidOperationException($"rtpengine did not answer '{message["command"]}' within {ReplyWait.TotalSeconds:0} s.");
        }

        return Text(reply, "result") == "ok"
            ? reply
            : throw new InvalidOperationException($"rtpengine refused '{message["command"]}': {Text(reply, "result")} {Text(reply, "error-reason")}");
    }

    private bool TryCommand(Dictionary<string, object> message, out Dictionary<string, object> reply)
    {
        var cookie = $"load{Interlocked.Increment(ref _cookie)}";
        var text = new StringBuilder(cookie).Append(' ');
        Bencode.Write(text, message);
        _control.SendTo(Encoding.UTF8.GetBytes(text.ToString()), _ng);
        reply = [];
        try
        {
            while (true)
            {
                int length = _control.Receive(_reply);
                var datagram = _reply.AsSpan(0, length);
                int space = datagram.IndexOf((byte)' ');
                // A late reply to an earlier command (a retried ping) carries another cookie: skip it.
                if (space > 0 && Encoding.UTF8.GetString(datagram[..space]) == cookie)
                {
                    int position = space + 1;
                    reply = (Dictionary<string, object>)Bencode.Read(datagram, ref position);
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Sdp(IPEndPoint phone, string session) =>
        "v=0\r\n" +
        $"o=- {session.GetHashCode() & int.MaxValue} 1 IN IP4 {phone.Address}\r\n" +
        "s=-\r\n" +
        $"c=IN IP4 {phone.Address}\r\n" +
        "t=0 0\r\n" +
        $"m=audio {phone.Port} RTP/AVP 0\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n";

    private static IPEndPoint AudioAddress(string sdp)
    {
        var connection = ConnectionLine().Match(sdp);
        var media = AudioLine().Match(sdp);
        if (!connection.Success || !media.Success)
        {
            throw new InvalidOperationException($"rtpengine's SDP has no c= or m=audio line: {sdp}");
        }

        return new IPEndPoint(IPAddress.Parse(connection.Groups[1].Value), int.Parse(media.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static string Text(Dictionary<string, object> reply, string key) => reply.TryGetValue(key, out var value) ? value as string ?? "" : "";

    [GeneratedRegex(@"^c=IN IP4 (\S+)", RegexOptions.Multiline)]
    private static partial Regex ConnectionLine();

    [GeneratedRegex(@"^m=audio (\d+) ", RegexOptions.Multiline)]
    private static partial Regex AudioLine();

    /// <summary>"Version: 10.5.3.5-1+deb12u1" from <c>rtpengine --version</c>, read before any load starts.</summary>
    private static string ReadVersion()
    {
        var start = new ProcessStartInfo(Executable, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start);
        if (process is null)
        {
            return "";
        }

        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit(5000);
        var match = VersionLine().Match(output);
        return match.Success ? match.Groups[1].Value : "";
    }

    [GeneratedRegex(@"Version: (\S+)")]
    private static partial Regex VersionLine();
}
