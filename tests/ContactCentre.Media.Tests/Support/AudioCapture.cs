namespace ContactCentre.Media.Tests.Support;

/// <summary>Collects what a session hears, and signals once enough has arrived.</summary>
internal sealed class AudioCapture
{
    private readonly Lock _gate = new();
    private readonly List<short> _samples = [];
    private readonly TaskCompletionSource<short[]> _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _wanted;
    private int _frames;

    public AudioCapture(RtpSession session, int wantedSamples)
    {
        _wanted = wantedSamples;
        session.AudioReceived += OnAudio;
    }

    public int Frames => Volatile.Read(ref _frames);

    public Task<short[]> Enough => _enough.Task;

    private void OnAudio(ReadOnlySpan<short> pcm)
    {
        Interlocked.Increment(ref _frames);
        lock (_gate)
        {
            if (_samples.Count >= _wanted)
            {
                return;
            }

            _samples.AddRange(pcm.ToArray());
            if (_samples.Count >= _wanted)
            {
                _enough.TrySetResult([.. _samples]);
            }
        }
    }
}
