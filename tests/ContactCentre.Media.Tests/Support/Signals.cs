namespace ContactCentre.Media.Tests.Support;

/// <summary>Test audio: tones, noise and a speech-like prompt of loud and quiet bursts.</summary>
internal static class Signals
{
    public static short[] Tone(double frequencyHz, int samples, short amplitude = 8000, int sampleRate = 8000)
    {
        var result = new short[samples];
        for (var i = 0; i < samples; i++)
        {
            result[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequencyHz * i / sampleRate));
        }

        return result;
    }

    public static short[] Read(IAudioSource source, int maxSamples = 1_000_000)
    {
        var all = new List<short>();
        var frame = new short[160];
        int read;
        while (all.Count < maxSamples && (read = source.Read(frame)) > 0)
        {
            all.AddRange(frame.AsSpan(0, read).ToArray());
        }

        return [.. all];
    }

    public static short[] Noise(int samples, short amplitude, int seed)
    {
        var random = new Random(seed);
        var result = new short[samples];
        for (var i = 0; i < samples; i++)
        {
            result[i] = (short)random.Next(-amplitude, amplitude + 1);
        }

        return result;
    }

    /// <summary>Syllable-like bursts of tone at random loudness, length and spacing: an envelope with shape.</summary>
    public static short[] Prompt(int seed, int samples = 16000)
    {
        var random = new Random(seed);
        var result = new short[samples];
        var position = 0;
        while (position < samples)
        {
            int burst = random.Next(400, 2400);
            int gap = random.Next(160, 1600);
            double amplitude = random.Next(2000, 14000);
            double frequency = random.Next(200, 1200);
            for (var i = 0; i < burst && position < samples; i++, position++)
            {
                double rise = Math.Min(1, Math.Min(i, burst - i) / 200.0);
                result[position] = (short)(amplitude * rise * Math.Sin(2 * Math.PI * frequency * i / 8000));
            }

            position += gap;
        }

        return result;
    }

    public static short[] ThroughG711(AudioCodec codec, short[] pcm)
    {
        var payload = new byte[pcm.Length];
        var decoded = new short[pcm.Length];
        G711.Encode(codec, pcm, payload);
        G711.Decode(codec, payload, decoded);
        return decoded;
    }

    public static short[] Concat(params short[][] parts) => [.. parts.SelectMany(p => p)];
}
