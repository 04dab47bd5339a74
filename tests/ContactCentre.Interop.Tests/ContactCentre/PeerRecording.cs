using ContactCentre.Interop.Tests.Peers;

namespace ContactCentre.Interop.Tests.ContactCentre;

/// <summary>
/// What a baresip caller heard, read from the <c>*-dec.wav</c> it is still writing: the test waits on
/// what a listener would notice (a prompt, a tone) instead of sleeping for as long as it should take.
/// </summary>
public static class PeerRecording
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The recording so far as 8 kHz mono, or empty if baresip has not started one.</summary>
    public static short[] Read(BaresipRunner peer)
    {
        var path = peer.FindRecording();
        if (path is null)
        {
            return [];
        }

        PcmWav heard;
        try
        {
            heard = PcmWav.Read(path);
        }
        catch (InvalidDataException)
        {
            // The header is not all written yet.
            return [];
        }

        return heard is { SampleRate: 8000, Channels: 1 }
            ? heard.Samples
            : throw new InvalidDataException(
                $"{path} is {heard.SampleRate} Hz with {heard.Channels} channels; the G.711 call should record 8 kHz mono.");
    }

    /// <summary>
    /// Polls the recording until <paramref name="holds"/> is true and returns it; otherwise throws after
    /// <paramref name="timeout"/> with <paramref name="measure"/> of the last recording read.
    /// </summary>
    public static async Task<short[]> WaitUntilAsync(
        BaresipRunner peer,
        string expectation,
        Func<short[], bool> holds,
        Func<short[], string> measure,
        TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        short[] heard = [];
        try
        {
            while (true)
            {
                heard = Read(peer);
                if (holds(heard))
                {
                    return heard;
                }

                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(
                $"{peer.Uri} did not hear {expectation} within {timeout.TotalSeconds:0.#} s: recorded {heard.Length / 8000.0:0.00} s, {measure(heard)}.\n" +
                $"baresip events: {string.Join(", ", peer.Events)}\nbaresip output:\n{peer.Output}");
        }
    }
}
