using ContactCentre.Media;
using ContactCentre.Sip;

namespace ContactCentre.Simulator.Phones;

/// <summary>An established call of a simulated phone: its dialog, its RTP, and what it heard.</summary>
public sealed class PhoneCall : IAsyncDisposable
{
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="listening">
    /// What the media has heard so far: the far end starts sending as soon as it answers, before the
    /// dialog is set up here, so listening starts when the RTP session opens (see <see cref="Listen"/>).
    /// </param>
    public PhoneCall(SipDialog dialog, RtpSession media, (HeardAudio Heard, List<char> Digits) listening)
    {
        Dialog = dialog;
        Media = media;
        (Heard, DigitsReceived) = listening;
        dialog.Terminated += (_, reason) =>
        {
            media.Dispose();
            _ended.TrySetResult(reason);
        };
        if (dialog.IsTerminated)
        {
            media.Dispose();
            _ended.TrySetResult("already ended");
        }
    }

    public SipDialog Dialog { get; }

    /// <summary>For a call this phone answered, the Request-URI it was called at (which number the far end dialled).</summary>
    public string? CalledUri { get; init; }

    /// <summary>For a call this phone answered, when its INVITE reached the phone (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long RangAt { get; init; }

    /// <summary>For a call this phone answered, when it answered, just before its 200 went out (a Stopwatch timestamp).</summary>
    public long AnsweredAt { get; init; }
    public RtpSession Media { get; }
    public HeardAudio Heard { get; }
    public List<char> DigitsReceived { get; }

    /// <summary>Starts recording what a new RTP session hears (audio and RFC 4733 digits).</summary>
    public static (HeardAudio Heard, List<char> Digits) Listen(RtpSession media)
    {
        var heard = new HeardAudio();
        var digits = new List<char>();
        media.AudioReceived += heard.Append;
        media.DtmfReceived += (_, digit) => { lock (digits) digits.Add(digit); };
        return (heard, digits);
    }

    /// <summary>Completes with the reason when the call ends, from either side.</summary>
    public Task<string> Ended => _ended.Task;

    /// <summary>What this party says into the call (a tone, a WAV), replacing what it said before.</summary>
    public void Say(IAudioSource audio) => Media.Play(audio);

    public void SayTone(double frequencyHz) => Say(new ToneSource(frequencyHz, 8000));

    /// <summary>Presses keypad digits, sent as RFC 4733 telephone-events.</summary>
    public async Task PressAsync(string digits)
    {
        foreach (var digit in digits) await Media.SendDtmfAsync(digit);
    }

    public async Task HangUpAsync()
    {
        if (!Dialog.IsTerminated) await Dialog.HangUpAsync();
        Media.Dispose();
        _ended.TrySetResult("local hang-up");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await HangUpAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Disposal after a failed test: the far end may be gone already.
        }
    }
}
