using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ContactCentre.Media;

/// <summary>
/// The packet clock of a process: one dedicated thread that ticks every frame (20 ms by default) and asks
/// each registered session for its next outbound packet. Deadlines are absolute offsets from a
/// <see cref="Stopwatch"/> start, so oversleeping one tick shortens the next instead of drifting.
/// A dedicated thread, not the thread pool, keeps pacing steady when the pool is busy.
/// </summary>
public sealed class MediaClock : IDisposable
{
    // Behind by more than this, the clock skips ahead rather than sending a burst of late packets.
    private const int MaxCatchUpTicks = 5;

    private static readonly Lazy<MediaClock> SharedClock = new(() => new MediaClock());

    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _stopping = new(false);
    private readonly Thread _thread;
    private IClockedSession[] _sessions = [];
    private bool _disposed;

    public MediaClock(TimeSpan? frame = null)
    {
        Frame = frame ?? TimeSpan.FromMilliseconds(20);
        if (Frame < TimeSpan.FromMilliseconds(1) || Frame.TotalMilliseconds % 0.125 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, "A media frame is at least 1 ms and a whole number of 8 kHz samples.");
        }

        SamplesPerFrame = (int)(Frame.TotalMilliseconds * 8);
        _thread = new Thread(Run) { IsBackground = true, Name = "Media clock", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>The clock all sessions of this process share unless told otherwise.</summary>
    public static MediaClock Shared => SharedClock.Value;

    public TimeSpan Frame { get; }

    /// <summary>Samples of 8 kHz audio per frame: 160 for 20 ms.</summary>
    public int SamplesPerFrame { get; }

    /// <summary>Sessions currently driven by this clock.</summary>
    public int SessionCount => Volatile.Read(ref _sessions).Length;

    /// <summary>Ticks since the clock started.</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    private long _ticks;

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _stopping.Set();
        if (Thread.CurrentThread != _thread)
        {
            // Disposed from a tick, the clock thread still needs the event to see that it must stop.
            _thread.Join();
            _stopping.Dispose();
        }
    }

    internal void Register(IClockedSession session)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _sessions = [.. _sessions, session];
        }
    }

    internal void Unregister(IClockedSession session)
    {
        lock (_gate)
        {
            _sessions = Array.FindAll(_sessions, s => !ReferenceEquals(s, session));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run()
    {
        RealtimeScheduling.ApplyConfigured("Media clock");
        var stopwatch = Stopwatch.StartNew();
        long frameTicks = (long)(Frame.TotalSeconds * Stopwatch.Frequency);
        long deadline = frameTicks;
        while (true)
        {
            long remaining = deadline - stopwatch.ElapsedTicks;
            if (remaining > 0 && _stopping.Wait(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency)))
            {
                return;
            }

            if (_stopping.IsSet)
            {
                return;
            }

            foreach (var session in Volatile.Read(ref _sessions))
            {
                try
                {
                    session.OnTick();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // One broken session must not stop the clock for every other call.
                    Trace.TraceError($"Media clock: a session failed its tick: {ex}");
                }
            }

            Interlocked.Increment(ref _ticks);
            deadline += frameTicks;
            long behind = stopwatch.ElapsedTicks - deadline;
            if (behind > MaxCatchUpTicks * frameTicks)
            {
                deadline = stopwatch.ElapsedTicks + frameTicks;
            }
        }
    }
}
