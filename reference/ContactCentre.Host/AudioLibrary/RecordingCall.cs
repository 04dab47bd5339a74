using System.Threading.Channels;
using ContactCentre.Host.Calls;
using ContactCentre.Media;

namespace ContactCentre.Host.AudioLibrary;

/// <summary>
/// One admin's call to the recording number: PIN (3 tries), the recording's number, record after the beep
/// until #, hear it back, then 1 save / 2 record again / 3 cancel. Saved as "recording-&lt;digits&gt;" through
/// the same <see cref="AudioStore"/> as the admin API, so flows name it like any other prompt.
/// </summary>
public sealed class RecordingCall(RtpSession media, string pin, AudioStore store, PromptLibrary prompts, TimeProvider time, ILogger log)
{
    public const int PinTries = 3;
    public const string NamePrefix = "recording-";
    private static readonly TimeSpan DigitTimeout = TimeSpan.FromSeconds(10);
    private static readonly RecordingLimits Limits = new() { MaxLength = AudioStore.MaxLength, SilenceTimeout = TimeSpan.FromSeconds(10) };

    private readonly Channel<char> _digits = Channel.CreateUnbounded<char>();
    private string? _take;

    public async Task RunAsync(CancellationToken ended)
    {
        media.DtmfReceived += (_, digit) => _digits.Writer.TryWrite(digit);
        if (!await CheckPinAsync(ended))
        {
            await PlayAsync(["rec-goodbye"], ended);
            return;
        }

        string? number = null;
        for (var attempt = 0; attempt < PinTries && string.IsNullOrEmpty(number); attempt++)
            number = await AskAsync(["rec-number"], ended);
        if (string.IsNullOrEmpty(number))
        {
            await PlayAsync(["rec-goodbye"], ended);
            return;
        }
        var name = NamePrefix + number;

        for (var listens = 0; listens < PinTries; )
        {
            if (_take is null) await RecordAsync(ended);
            await PlayAsync(["rec-playback"], ended);
            await PlayAsync(new PcmSource(WavFile.ReadMono8k(_take!)), bargeIn: false, ended);
            var choice = await AskAsync(["rec-options"], ended, single: true);
            switch (choice)
            {
                case "1":
                    store.StoreRecording(name, _take!);
                    _take = null;
                    log.LogInformation("Recording '{Name}' saved by phone", name);
                    await PlayAsync(["rec-saved"], ended);
                    return;
                case "2":
                    Discard();
                    break;
                case "3":
                    await PlayAsync(["rec-cancelled"], ended);
                    return;
                default:
                    listens++; // no answer or another key: offer the choice again, a few times
                    break;
            }
        }
        await PlayAsync(["rec-cancelled"], ended);
    }

    /// <summary>Deletes a take that was not saved.</summary>
    public void Discard()
    {
        if (_take is { } take) File.Delete(take);
        _take = null;
    }

    private async Task<bool> CheckPinAsync(CancellationToken ended)
    {
        for (var attempt = 1; attempt <= PinTries; attempt++)
        {
            var entered = await AskAsync(["rec-pin"], ended);
            if (entered == pin) return true;
            log.LogWarning("Recording line: wrong PIN (attempt {Attempt} of {Tries})", attempt, PinTries);
            await PlayAsync(["rec-wrong-pin"], ended);
        }
        return false;
    }

    private async Task RecordAsync(CancellationToken ended)
    {
        await PlayAsync(["rec-after-beep"], ended);
        var path = store.TemporaryPath();
        _take = path;
        using var recorder = MessageRecorder.Start(media, path, Limits, time);
        await using (ended.Register(recorder.Stop))
        {
            var message = await recorder.Completion;
            ended.ThrowIfCancellationRequested();
            log.LogInformation("Recording line: took {Duration} ({Reason})", message.Duration, message.Reason);
        }
        Flush(); // the # that ended the take must not answer the next question
    }

    /// <summary>Plays the question (a key interrupts it) and reads keys up to # (or one key); null when none came in time.</summary>
    private async Task<string?> AskAsync(IReadOnlyList<string> question, CancellationToken ended, bool single = false)
    {
        Flush();
        var playing = PlayAsync(prompts.Sequence(question), bargeIn: true, ended);
        var keys = new System.Text.StringBuilder();
        try
        {
            while (true)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ended);
                // The timeout starts when the question has been heard, and again after each key.
                if (playing.IsCompleted) wait.CancelAfter(DigitTimeout);
                else _ = playing.ContinueWith(_ => SafeCancelAfter(wait), TaskScheduler.Default);
                var key = await _digits.Reader.ReadAsync(wait.Token);
                media.StopPlayback();
                if (single) return key.ToString();
                if (key == '#') return keys.ToString();
                keys.Append(key);
            }
        }
        catch (OperationCanceledException) when (!ended.IsCancellationRequested)
        {
            return single || keys.Length == 0 ? null : keys.ToString();
        }
    }

    private static void SafeCancelAfter(CancellationTokenSource wait)
    {
        try
        {
            wait.CancelAfter(DigitTimeout);
        }
        catch (ObjectDisposedException)
        {
            // A key came before the question ended.
        }
    }

    private Task PlayAsync(IReadOnlyList<string> names, CancellationToken ended) => PlayAsync(prompts.Sequence(names), bargeIn: false, ended);

    /// <summary>Completes when <paramref name="source"/> has been played out (or replaced, or a key stopped it).</summary>
    private async Task PlayAsync(IAudioSource source, bool bargeIn, CancellationToken ended)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Finished(RtpSession _, IAudioSource s)
        {
            if (ReferenceEquals(s, source)) done.TrySetResult();
        }
        media.PlaybackFinished += Finished;
        try
        {
            media.Play(source, bargeIn);
            // A key's StopPlayback ends the prompt without a PlaybackFinished; the key itself ends the wait then.
            await done.Task.WaitAsync(ended);
        }
        finally
        {
            media.PlaybackFinished -= Finished;
        }
    }

    private void Flush()
    {
        while (_digits.Reader.TryRead(out _)) { }
    }
}
