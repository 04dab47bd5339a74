namespace ContactCentre.Media;

/// <summary>
/// Finds DTMF digits sent as tones in the audio, for trunks that do not offer RFC 4733 telephone-event.
/// Goertzel power at the four row (697-941 Hz) and four column (1209-1633 Hz) frequencies of ITU-T Q.23,
/// over 205-sample windows (25.6 ms, 39 Hz resolution, between the closest pair 697/770) every 51 samples.
/// A window holds a digit when the strongest row and column tones are both loud enough, each at least
/// <see cref="GroupDominanceDb"/> above the others of its group, within the twist limits, and together most of
/// the window's energy (so speech and noise, spread across frequencies, do not qualify). A digit is reported
/// once, when its tone stops, if it was seen in at least three windows in a row (38 ms of signal): ITU-T Q.24
/// asks that tones of 40 ms be accepted and tones under 23 ms refused, and speech rarely holds two pure tones
/// that long. Not thread-safe: one receive loop feeds it.
/// </summary>
public sealed class DtmfToneDetector
{
    /// <summary>Low group louder than high group ("normal twist"): at most 8 dB (ITU-T Q.24 Table A-1, North American / Telcordia values).</summary>
    public const double MaxNormalTwistDb = 8;

    /// <summary>High group louder than low group ("reverse twist"): at most 4 dB (same source).</summary>
    public const double MaxReverseTwistDb = 4;

    /// <summary>Share of the window's energy the two tones must carry between them.</summary>
    public const double MinToneEnergyShare = 0.7;

    /// <summary>The winning tone of a group above each other tone of its group.</summary>
    public const double GroupDominanceDb = 8;

    private const int Window = 205;
    private const int Hop = 51;
    private const int MinWindows = 3;

    // About -30 dBm0 per tone: quieter tones are not a key press (Q.24 accepts down to about -25 dBm0).
    private const double MinTonePower = 1e-4;

    private static readonly double[] Rows = [697, 770, 852, 941];
    private static readonly double[] Columns = [1209, 1336, 1477, 1633];
    private static readonly char[,] Keys =
    {
        { '1', '2', '3', 'A' },
        { '4', '5', '6', 'B' },
        { '7', '8', '9', 'C' },
        { '*', '0', '#', 'D' },
    };

    private readonly short[] _window = new short[Window];
    private int _filled;
    private char _current;
    private int _windows;

    /// <summary>Feeds decoded 8 kHz audio; writes digits whose tone ended and returns how many.</summary>
    public int Accept(ReadOnlySpan<short> pcm, Span<DtmfDigit> digits)
    {
        var count = 0;
        while (!pcm.IsEmpty)
        {
            int take = Math.Min(pcm.Length, Window - _filled);
            pcm[..take].CopyTo(_window.AsSpan(_filled));
            _filled += take;
            pcm = pcm[take..];
            if (_filled < Window)
            {
                break;
            }

            char key = Classify(_window);
            if (key != _current)
            {
                if (_current != '\0' && _windows >= MinWindows && count < digits.Length)
                {
                    digits[count++] = new DtmfDigit(_current, Duration(_windows), DtmfSignalling.InBand);
                }

                _current = key;
                _windows = 0;
            }

            if (key != '\0')
            {
                _windows++;
            }

            _window.AsSpan(Hop).CopyTo(_window);
            _filled = Window - Hop;
        }

        return count;
    }

    /// <summary>The key whose two tones fill <paramref name="window"/>, or '\0'.</summary>
    public static char Classify(ReadOnlySpan<short> window)
    {
        double energy = 0;
        foreach (short sample in window)
        {
            energy += (double)sample * sample;
        }

        // Goertzel.Power gives (A/32768)² for a sine of amplitude A, whose mean square is A²/2.
        double meanSquare = energy / window.Length / (32768.0 * 32768.0);
        if (meanSquare <= 0)
        {
            return '\0';
        }

        if (!Strongest(window, Rows, out int row, out double rowPower) || !Strongest(window, Columns, out int column, out double columnPower))
        {
            return '\0';
        }

        double twistDb = 10 * Math.Log10(rowPower / columnPower);
        if (twistDb > MaxNormalTwistDb || -twistDb > MaxReverseTwistDb)
        {
            return '\0';
        }

        return (rowPower + columnPower) / 2 >= MinToneEnergyShare * meanSquare ? Keys[row, column] : '\0';
    }

    private static bool Strongest(ReadOnlySpan<short> window, double[] frequencies, out int best, out double bestPower)
    {
        best = -1;
        bestPower = 0;
        double runnerUp = 0;
        for (var i = 0; i < frequencies.Length; i++)
        {
            double power = Goertzel.Power(window, frequencies[i]);
            if (power > bestPower)
            {
                runnerUp = bestPower;
                bestPower = power;
                best = i;
            }
            else if (power > runnerUp)
            {
                runnerUp = power;
            }
        }

        return bestPower >= MinTonePower && bestPower >= runnerUp * Math.Pow(10, GroupDominanceDb / 10);
    }

    private static TimeSpan Duration(int windows) => TimeSpan.FromSeconds((Window + ((windows - 1) * Hop)) / 8000.0);
}
