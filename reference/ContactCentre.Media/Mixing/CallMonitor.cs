using System.Diagnostics;

namespace ContactCentre.Media;

/// <summary>
/// A supervisor on an agent's call: a three-party mixer driven by the media clock. Audio each leg receives
/// is kept in its own small buffer; every tick takes one frame per leg (silence where none arrived) and sends
/// each party the saturating sum (<see cref="Mix.Add"/>) of the parties it may hear under <see cref="Mode"/>.
/// Caller and agent always hear each other. The three legs belong to the monitor while it runs (unbridge
/// caller and agent first); disposing it, or any leg ending, releases them all.
/// </summary>
public sealed class CallMonitor : IMediaConnection, IClockedSession, IDisposable
{
    private readonly MediaClock _clock;
    private readonly LegFrameBuffer _fromCaller;
    private readonly LegFrameBuffer _fromAgent;
    private readonly LegFrameBuffer _fromSupervisor;
    private readonly AudioFrameHandler _callerSpoke;
    private readonly AudioFrameHandler _agentSpoke;
    private readonly AudioFrameHandler _supervisorSpoke;
    private volatile MonitorMode _mode;
    private int _stopped;

    private CallMonitor(IMediaLeg caller, IMediaLeg agent, IMediaLeg supervisor, MonitorMode mode)
    {
        Caller = caller;
        Agent = agent;
        Supervisor = supervisor;
        _mode = mode;
        _clock = caller.Clock;
        int samples = _clock.SamplesPerFrame;
        _fromCaller = new LegFrameBuffer(samples);
        _fromAgent = new LegFrameBuffer(samples);
        _fromSupervisor = new LegFrameBuffer(samples);
        _callerSpoke = _fromCaller.Write;
        _agentSpoke = _fromAgent.Write;
        _supervisorSpoke = _fromSupervisor.Write;
    }

    public IMediaLeg Caller { get; }

    public IMediaLeg Agent { get; }

    public IMediaLeg Supervisor { get; }

    /// <summary>Can change while the call runs, e.g. from silent monitoring to barge-in; applies from the next tick.</summary>
    public MonitorMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    public bool IsRunning => Volatile.Read(ref _stopped) == 0;

    /// <exception cref="InvalidOperationException">A leg is already in a bridge or another mixer.</exception>
    public static CallMonitor Start(IMediaLeg caller, IMediaLeg agent, IMediaLeg supervisor, MonitorMode mode = MonitorMode.Silent)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(supervisor);
        if (ReferenceEquals(caller, agent) || ReferenceEquals(caller, supervisor) || ReferenceEquals(agent, supervisor))
        {
            throw new ArgumentException("Caller, agent and supervisor must be three different legs.");
        }

        var monitor = new CallMonitor(caller, agent, supervisor, mode);
        IMediaLeg[] legs = [caller, agent, supervisor];
        for (var i = 0; i < legs.Length; i++)
        {
            if (!legs[i].TryConnect(monitor))
            {
                for (var j = 0; j < i; j++)
                {
                    legs[j].Disconnect(monitor);
                }

                throw new InvalidOperationException("A leg can be in only one bridge or mixer at a time; unbridge the call before monitoring it.");
            }
        }

        foreach (var leg in legs)
        {
            leg.StopPlayback();
        }

        caller.AudioReceived += monitor._callerSpoke;
        agent.AudioReceived += monitor._agentSpoke;
        supervisor.AudioReceived += monitor._supervisorSpoke;
        monitor._clock.Register(monitor);
        return monitor;
    }

    /// <summary>Stops mixing and gives the legs back, quiet, to be bridged again or to play prompts.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _clock.Unregister(this);
        Caller.AudioReceived -= _callerSpoke;
        Agent.AudioReceived -= _agentSpoke;
        Supervisor.AudioReceived -= _supervisorSpoke;
        foreach (var leg in new[] { Caller, Agent, Supervisor })
        {
            leg.Disconnect(this);
            leg.StopPlayback();
        }
    }

    void IMediaConnection.LegEnded(IMediaLeg leg) => Dispose();

    void IClockedSession.OnTick()
    {
        if (!IsRunning)
        {
            return;
        }

        int samples = _clock.SamplesPerFrame;
        Span<short> caller = stackalloc short[samples];
        Span<short> agent = stackalloc short[samples];
        Span<short> supervisor = stackalloc short[samples];
        Span<short> heard = stackalloc short[samples];
        _fromCaller.Read(caller);
        _fromAgent.Read(agent);
        _fromSupervisor.Read(supervisor);
        var mode = _mode;

        agent.CopyTo(heard);
        if (mode == MonitorMode.Barge)
        {
            Mix.Add(heard, supervisor);
        }

        Send(Caller, heard);

        caller.CopyTo(heard);
        if (mode is MonitorMode.Whisper or MonitorMode.Barge)
        {
            Mix.Add(heard, supervisor);
        }

        Send(Agent, heard);

        caller.CopyTo(heard);
        Mix.Add(heard, agent);
        Send(Supervisor, heard);
    }

    private static void Send(IMediaLeg leg, ReadOnlySpan<short> frame)
    {
        try
        {
            leg.SendConnected(frame);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // One party's failing leg must not silence the other two.
            Trace.TraceError($"Call monitor: sending to a leg failed: {ex}");
        }
    }
}
