using System.Net;
using ContactCentre.Media.Tests.Support;
using static ContactCentre.Media.Tests.Support.RtpPeers;

namespace ContactCentre.Media.Tests.Sessions;

/// <summary>
/// Caller C (1000 Hz) talks to leg A, agent D (600 Hz) to leg B, A and B bridged. What each far end hears
/// is captured after the change and its first frames skipped, as one packet may already be in flight.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SocketCollection.Name)]
public sealed class MediaBridgeHoldTests : IDisposable
{
    private const int Heard = 1600;
    private const int InFlight = 480;
    private const double Music = 400;
    private static readonly TimeSpan Patience = RawRtpPeer.Patience;

    private readonly RtpSession _c = RtpSession.Open(IPAddress.Loopback);
    private readonly RtpSession _a = RtpSession.Open(IPAddress.Loopback);
    private readonly RtpSession _b = RtpSession.Open(IPAddress.Loopback);
    private readonly RtpSession _d = RtpSession.Open(IPAddress.Loopback);
    private readonly MediaBridge _bridge;

    public MediaBridgeHoldTests()
    {
        Pair(_c, _a);
        Pair(_b, _d);
        _bridge = MediaBridge.Connect(_a, _b);
        _c.Play(new ToneSource(1000));
        _d.Play(new ToneSource(600));
    }

    public void Dispose()
    {
        _bridge.Dispose();
        foreach (var session in new[] { _c, _a, _b, _d })
        {
            session.Dispose();
        }
    }

    [Fact]
    public async Task The_held_caller_hears_music_and_the_agent_hears_silence()
    {
        await Both_hear_each_other();

        _bridge.Hold(_a, new ToneSource(Music));
        var callerHears = new AudioCapture(_c, Heard);
        var agentHears = new AudioCapture(_d, Heard);
        short[] caller = (await callerHears.Enough.WaitAsync(Patience))[InFlight..];
        short[] agent = (await agentHears.Enough.WaitAsync(Patience))[InFlight..];

        Assert.True(_bridge.IsOnHold(_a));
        Assert.True(Goertzel.Power(caller, Music) > 0.01);
        Assert.True(Goertzel.Power(caller, 600) < Goertzel.Power(caller, Music) / 100, "the held caller must not hear the agent");
        Assert.True(Goertzel.Power(agent, 1000) < 1e-5, "the agent must hear nothing of the held caller");
    }

    [Fact]
    public async Task Resumed_parties_hear_each_other_again()
    {
        _bridge.Hold(_a, new ToneSource(Music));
        await new AudioCapture(_d, Heard).Enough.WaitAsync(Patience);

        _bridge.Resume(_a);

        Assert.False(_bridge.IsOnHold(_a));
        await Both_hear_each_other();
    }

    [Fact]
    public async Task The_muted_agent_still_hears_the_caller_who_hears_silence()
    {
        _bridge.Mute(_b);
        var callerHears = new AudioCapture(_c, Heard);
        var agentHears = new AudioCapture(_d, Heard);
        short[] caller = (await callerHears.Enough.WaitAsync(Patience))[InFlight..];
        short[] agent = (await agentHears.Enough.WaitAsync(Patience))[InFlight..];

        Assert.True(_bridge.IsMuted(_b));
        Assert.True(Goertzel.Power(caller, 600) < 1e-5, "the caller must hear nothing of the muted agent");
        Assert.Equal(1000, Goertzel.DominantFrequency(agent, [400, 600, 1000]));

        _bridge.Unmute(_b);
        await Both_hear_each_other();
    }

    [Fact]
    public async Task Unbridged_legs_keep_running_play_prompts_and_bridge_again()
    {
        await Both_hear_each_other();

        _bridge.Unbridge();
        Assert.False(_a.IsBridged || _b.IsBridged);
        _a.Play(new ToneSource(1400));
        short[] prompt = (await new AudioCapture(_c, Heard).Enough.WaitAsync(Patience))[InFlight..];
        Assert.Equal(1400, Goertzel.DominantFrequency(prompt, [600, 1000, 1400]));
        Assert.True(Goertzel.Power(prompt, 600) < 1e-4, "the agent must not reach the caller once unbridged");

        using var again = MediaBridge.Connect(_a, _b);
        await Both_hear_each_other();
    }

    [Fact]
    public async Task A_leg_that_ends_releases_the_other_for_a_new_bridge()
    {
        _b.Dispose();

        Assert.False(_bridge.IsBridged);
        Assert.False(_a.IsBridged);
        using var e = RtpSession.Open(IPAddress.Loopback);
        using var f = RtpSession.Open(IPAddress.Loopback);
        Pair(e, f);
        f.Play(new ToneSource(1400));
        using var toNextAgent = MediaBridge.Connect(_a, e);
        short[] caller = (await new AudioCapture(_c, Heard).Enough.WaitAsync(Patience))[InFlight..];
        Assert.Equal(1400, Goertzel.DominantFrequency(caller, [600, 1000, 1400]));
    }

    private async Task Both_hear_each_other()
    {
        var callerHears = new AudioCapture(_c, Heard);
        var agentHears = new AudioCapture(_d, Heard);
        Assert.Equal(600, Goertzel.DominantFrequency((await callerHears.Enough.WaitAsync(Patience))[InFlight..], [400, 600, 1000]));
        Assert.Equal(1000, Goertzel.DominantFrequency((await agentHears.Enough.WaitAsync(Patience))[InFlight..], [400, 600, 1000]));
    }
}
