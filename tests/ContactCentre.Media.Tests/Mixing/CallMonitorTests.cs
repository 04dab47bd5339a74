using System.Net;
using ContactCentre.Media.Tests.Support;
using static ContactCentre.Media.Tests.Support.RtpPeers;

namespace ContactCentre.Media.Tests.Mixing;

/// <summary>
/// Caller C (1000 Hz) on leg A, agent D (600 Hz) on leg B, supervisor S (1400 Hz) on leg E, mixed by a
/// <see cref="CallMonitor"/>. What each far end hears is captured after the change, its first frames skipped.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SocketCollection.Name)]
public sealed class CallMonitorTests : IDisposable
{
    // Frames carrying the partner's tone to collect; the first few after a change may predate it.
    private const int Enough = 12;
    private const int Settling = 3;

    // A tone of amplitude 8000 gives about 0.06.
    private const double Audible = 0.01;
    private const double Caller = 1000;
    private const double Agent = 600;
    private const double Supervisor = 1400;
    private static readonly TimeSpan Patience = RawRtpPeer.Patience;

    private readonly int _sessionsBefore = RtpSession.OpenSessionCount;
    private readonly int _clockedBefore = MediaClock.Shared.SessionCount;
    private readonly RtpSession _c = RtpSession.Open(IPAddress.Loopback);
    private readonly RtpSession _a = RtpSession.Open(IPAddress.Loopback);
    private readonly RtpSession _b = RtpSession.Open(IPAddress.Loopback);
    private readonly RtpSession _d = RtpSession.Open(IPAddress.Loopback);
    private readonly RtpSession _e = RtpSession.Open(IPAddress.Loopback);
    private readonly RtpSession _s = RtpSession.Open(IPAddress.Loopback);

    public CallMonitorTests()
    {
        Pair(_c, _a);
        Pair(_b, _d);
        Pair(_e, _s);
        _c.Play(new ToneSource(Caller));
        _d.Play(new ToneSource(Agent));
        _s.Play(new ToneSource(Supervisor));
    }

    public void Dispose()
    {
        foreach (var session in new[] { _c, _a, _b, _d, _e, _s })
        {
            session.Dispose();
        }
    }

    [Fact]
    public async Task Silent_monitoring_lets_the_supervisor_hear_both_and_neither_party_hear_the_supervisor()
    {
        using var monitor = CallMonitor.Start(_a, _b, _e, MonitorMode.Silent);

        var (caller, agent, supervisor) = await HearAll();

        AssertHears(supervisor, Caller, Agent);
        AssertHears(caller, Agent);
        AssertDoesNotHear(caller, Supervisor, Agent);
        AssertHears(agent, Caller);
        AssertDoesNotHear(agent, Supervisor, Caller);
    }

    [Fact]
    public async Task Whisper_lets_the_agent_hear_the_supervisor_but_not_the_caller()
    {
        using var monitor = CallMonitor.Start(_a, _b, _e, MonitorMode.Silent);
        monitor.Mode = MonitorMode.Whisper;

        var (caller, agent, supervisor) = await HearAll();

        AssertHears(supervisor, Caller, Agent);
        AssertHears(agent, Caller, Supervisor);
        AssertHears(caller, Agent);
        AssertDoesNotHear(caller, Supervisor, Agent);
    }

    [Fact]
    public async Task Barge_lets_everyone_hear_everyone()
    {
        using var monitor = CallMonitor.Start(_a, _b, _e, MonitorMode.Barge);

        var (caller, agent, supervisor) = await HearAll();

        AssertHears(supervisor, Caller, Agent);
        AssertHears(agent, Caller, Supervisor);
        AssertHears(caller, Agent, Supervisor);
    }

    [Fact]
    public void A_bridged_call_must_be_unbridged_before_it_is_monitored()
    {
        using var bridge = MediaBridge.Connect(_a, _b);

        Assert.Throws<InvalidOperationException>(() => CallMonitor.Start(_a, _b, _e));
        Assert.False(_e.IsBridged, "a failed start must give back the legs it had taken");

        bridge.Unbridge();
        using var monitor = CallMonitor.Start(_a, _b, _e);
        Assert.True(monitor.IsRunning);
    }

    [Fact]
    public void When_the_legs_end_the_monitor_releases_its_clock_registration_and_the_sockets_close()
    {
        var monitor = CallMonitor.Start(_a, _b, _e);
        Assert.Equal(_clockedBefore + 7, MediaClock.Shared.SessionCount);

        _b.Dispose();

        Assert.False(monitor.IsRunning);
        Assert.False(_a.IsBridged || _e.IsBridged);
        Dispose();
        Assert.Equal(_sessionsBefore, RtpSession.OpenSessionCount);
        Assert.Equal(_clockedBefore, MediaClock.Shared.SessionCount);
    }

    /// <summary>
    /// Listens at each far end until it has heard its partner in enough frames. On a loaded machine the thread
    /// pool can stall every receive loop for a while, and the mixer rightly sends silence meanwhile; waiting for
    /// frames that carry audio, not for a number of samples, keeps such a stall from passing for the result.
    /// </summary>
    private async Task<(short[][] Caller, short[][] Agent, short[][] Supervisor)> HearAll()
    {
        var caller = new Listener(_c, Agent);
        var agent = new Listener(_d, Caller);
        var supervisor = new Listener(_s, Caller);
        return (await caller.Heard.WaitAsync(Patience), await agent.Heard.WaitAsync(Patience), await supervisor.Heard.WaitAsync(Patience));
    }

    /// <summary>
    /// Judged frame by frame (160 samples, so 600, 1000 and 1400 Hz fall on exact Goertzel bins): on a loaded
    /// machine a receive loop can stall and the mixer rightly sends silence for a while, which must not hide
    /// what was heard in the frames that did carry audio.
    /// </summary>
    private static void AssertHears(short[][] heard, params double[] tones)
    {
        foreach (double tone in tones)
        {
            int frames = heard.Count(f => Goertzel.Power(f, tone) > Audible);
            Assert.True(frames >= Enough / 2, $"{tone} Hz should be heard; it is in {frames} frames of {heard.Length}");
        }
    }

    /// <summary>In every frame where <paramref name="reference"/> is heard, <paramref name="tone"/> is not.</summary>
    private static void AssertDoesNotHear(short[][] heard, double tone, double reference)
    {
        var carrying = heard.Where(f => Goertzel.Power(f, reference) > Audible).ToArray();
        Assert.True(carrying.Length >= Enough / 2, $"{reference} Hz should be heard; it is in {carrying.Length} frames of {heard.Length}");
        double worst = carrying.Max(f => Goertzel.Power(f, tone) / Goertzel.Power(f, reference));
        Assert.True(worst < 0.001, $"{tone} Hz should not be heard; it reaches {worst:E2} of the {reference} Hz power");
    }

    /// <summary>The frames (160 samples, so 600, 1000 and 1400 Hz fall on exact Goertzel bins) a far end hears.</summary>
    private sealed class Listener
    {
        private readonly Lock _gate = new();
        private readonly List<short[]> _frames = [];
        private readonly TaskCompletionSource<short[][]> _heard = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly double _partner;
        private int _carrying;

        public Listener(RtpSession session, double partner)
        {
            _partner = partner;
            session.AudioReceived += OnAudio;
        }

        public Task<short[][]> Heard => _heard.Task;

        private void OnAudio(ReadOnlySpan<short> pcm)
        {
            lock (_gate)
            {
                _frames.Add(pcm.ToArray());
                if (_frames.Count > Settling && Goertzel.Power(pcm, _partner) > Audible && ++_carrying == Enough)
                {
                    _heard.TrySetResult([.. _frames.Skip(Settling)]);
                }
            }
        }
    }
}
