using ContactCentre.Media;

namespace ContactCentre.Simulator.Phones;

/// <summary>
/// Everything a simulated party heard on a call, as 8 kHz PCM, with waits for what a person would
/// notice: a tone, or a known prompt. Checks are by frequency and by correlation with the prompt,
/// never by trusting the other side's logs or packet counts.
/// </summary>
public sealed class HeardAudio
{
    private readonly Lock _gate = new();
    private readonly List<short> _samples = [];
    private TaskCompletionSource _more = NewSignal();

    public int SampleCount
    {
        get { lock (_gate) return _samples.Count; }
    }

    public TimeSpan Duration => TimeSpan.FromSeconds(SampleCount / 8000.0);

    public void Append(ReadOnlySpan<short> pcm)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            foreach (var s in pcm) _samples.Add(s);
            signal = _more;
            _more = NewSignal();
        }
        signal.TrySetResult();
    }

    public short[] Snapshot(int fromSample = 0)
    {
        lock (_gate) return _samples.Skip(fromSample).ToArray();
    }

    /// <summary>
    /// The share of the last <paramref name="window"/>'s energy that lies at <paramref name="frequencyHz"/>:
    /// about 1 for a clean tone, near 0 for silence, speech or another tone.
    /// </summary>
    public double ToneShare(double frequencyHz, TimeSpan window)
    {
        short[] recent;
        lock (_gate)
        {
            var n = Math.Min(_samples.Count, (int)(window.TotalSeconds * 8000));
            recent = _samples.Skip(_samples.Count - n).ToArray();
        }
        return ToneShare(recent, frequencyHz);
    }

    public static double ToneShare(ReadOnlySpan<short> samples, double frequencyHz)
    {
        if (samples.Length < 160) return 0;
        double sumSquares = 0;
        foreach (var s in samples) sumSquares += s / 32768.0 * (s / 32768.0);
        var meanSquare = sumSquares / samples.Length;
        // Goertzel.Power gives (A/32768)² for a sine of amplitude A, whose mean square is half that.
        return meanSquare < 1e-7 ? 0 : Math.Min(1, Goertzel.Power(samples, frequencyHz) / (2 * meanSquare));
    }

    /// <summary>Waits until the last 200 ms hold mostly the tone; false if it is not heard in time.</summary>
    public Task<bool> WaitForToneAsync(double frequencyHz, TimeSpan timeout, CancellationToken cancel = default) =>
        WaitUntilAsync(() => ToneShare(frequencyHz, TimeSpan.FromMilliseconds(200)) > 0.8, timeout, cancel);

    /// <summary>
    /// No audio for this long means the far end went quiet, for example a menu that played its prompt and now waits
    /// for a key without sending packets: checks that ran only every few packets then check what has arrived, or the
    /// end of a prompt would be noticed only when the far end spoke again (after its timeout).
    /// </summary>
    private static readonly TimeSpan QuietAfter = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits until the audio heard since <paramref name="fromSample"/> holds the prompt (correlation above the threshold).</summary>
    public Task<bool> WaitForPromptAsync(short[] prompt, TimeSpan timeout, int fromSample = 0, double threshold = 0.8, CancellationToken cancel = default) =>
        WaitUntilAsync(() =>
        {
            var heard = Snapshot(fromSample);
            return heard.Length >= prompt.Length && Correlation.BestMatch(heard, prompt) >= threshold;
        }, timeout, cancel, checkEvery: 25);

    /// <summary>
    /// Waits until <paramref name="count"/> samples have been heard since <paramref name="fromSample"/>, or nothing more
    /// arrives for <paramref name="quiet"/> (the far end played all it had and now waits), or the timeout passes.
    /// </summary>
    public async Task WaitForSamplesAsync(int count, int fromSample, TimeSpan quiet, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task more;
            lock (_gate)
            {
                if (_samples.Count - fromSample >= count) return;
                more = _more.Task;
            }
            var quietFor = Task.Delay(quiet, deadline.Token);
            if (await Task.WhenAny(more, quietFor).ConfigureAwait(false) != more) return;
        }
    }

    /// <summary>
    /// Checks <paramref name="condition"/> on every <paramref name="checkEvery"/>-th arrival of audio, and also when
    /// audio stops: a far end that plays a prompt and then waits for a key sends no more packets, and a check that
    /// waited only for the next packet would not see the end of the prompt until the far end spoke again.
    /// </summary>
    private async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancel, int checkEvery = 1)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        var arrivalsSinceCheck = checkEvery;
        var checkedAt = -1;
        var quiet = false;
        while (true)
        {
            Task more;
            int count;
            lock (_gate)
            {
                more = _more.Task;
                count = _samples.Count;
            }
            if (arrivalsSinceCheck >= checkEvery || (quiet && count != checkedAt))
            {
                arrivalsSinceCheck = 0;
                checkedAt = count;
                if (condition()) return true;
            }
            try
            {
                var woke = await Task.WhenAny(more, Task.Delay(QuietAfter, deadline.Token)).ConfigureAwait(false);
                deadline.Token.ThrowIfCancellationRequested();
                quiet = woke != more;
                if (!quiet) arrivalsSinceCheck++;
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                return condition();
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
