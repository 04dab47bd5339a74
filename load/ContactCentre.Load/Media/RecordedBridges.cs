using System.Net;
using ContactCentre.Media;

namespace ContactCentre.Load.Media;

/// <summary>
/// Ours under load: per call a caller-facing and an agent-facing <see cref="RtpSession"/> on 127.0.0.1, joined by a
/// <see cref="MediaBridge"/> and recorded by a <see cref="CallRecorder"/> into a temporary folder, all on one
/// <see cref="MediaClock"/> of their own. Disposing ends the calls and deletes the recordings.
/// </summary>
public sealed class RecordedBridges : IDisposable
{
    // RTCP on the RTP port: the simulated phones share sockets and have no RTCP port to answer on.
    private readonly RtpSessionOptions _options;

    private readonly MediaClock _clock = new();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("media-load-recordings-");
    private readonly List<(RtpSession Caller, RtpSession Agent, MediaBridge Bridge, CallRecorder? Recorder)> _calls = [];

    /// <param name="record">False: no recorder, the same work as a relay that only relays (rtpengine here).</param>
    /// <param name="kernel">Sessions ask for kernel forwarding (<see cref="RtpSessionOptions.KernelForwarding"/>).</param>
    public RecordedBridges(SimulatedPhones phones, bool record = true, bool kernel = false)
    {
        _options = new() { RtcpMux = true, KernelForwarding = kernel };
        try
        {
            for (var call = 0; call < phones.Calls; call++)
            {
                var caller = RtpSession.Open(IPAddress.Loopback, _clock, _options);
                var agent = RtpSession.Open(IPAddress.Loopback, _clock, _options);
                caller.RemoteEndPoint = phones.CallerAddress(call);
                agent.RemoteEndPoint = phones.AgentAddress(call);
                var bridge = MediaBridge.Connect(caller, agent);
                var recorder = record ? CallRecorder.Start(Path.Combine(_folder.FullName, $"call-{call}.wav"), caller, agent) : null;
                _calls.Add((caller, agent, bridge, recorder));
                phones.Aim(call, caller.LocalEndPoint, agent.LocalEndPoint);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Audio bytes written by the recorders so far (16-bit stereo).</summary>
    public long RecordedBytes => _calls.Sum(c => (c.Recorder?.FramesWritten ?? 0) * 4);

    /// <summary>For the report: how many directions the kernel forwards now (empty without kernel forwarding).</summary>
    public string KernelFigures => _options.KernelForwarding
        ? $"; kernel forwarding {(!KernelForwarding.IsAvailable ? "NOT AVAILABLE: " + KernelForwarding.Unavailable : $"of {_calls.Count(c => c.Agent.IsForwardedByKernel) + _calls.Count(c => c.Caller.IsForwardedByKernel)} of {2 * _calls.Count} directions at the end of the window")}"
        : "";

    public void Dispose()
    {
        foreach (var (caller, agent, bridge, recorder) in _calls)
        {
            recorder?.Dispose();
            bridge.Dispose();
            caller.Dispose();
            agent.Dispose();
        }

        _calls.Clear();
        _clock.Dispose();
        _folder.Delete(recursive: true);
    }
}
