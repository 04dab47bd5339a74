namespace ContactCentre.Media.Tests.Codecs;

/// <summary>Values from ITU-T G.711 tables 1a (A-law) and 2a (µ-law), scaled to 16-bit.</summary>
[Trait("Category", "Unit")]
public sealed class G711Tests
{
    [Theory]
    [InlineData(0, 0xFF)]
    [InlineData(1, 0xFF)]
    [InlineData(-1, 0x7F)]
    [InlineData(32767, 0x80)]
    [InlineData(-32768, 0x00)]
    [InlineData(132, 0xEF)] // first step of segment 1 (33 in 14-bit units)
    public void MuLaw_encodes_table_values(short linear, int code) =>
        Assert.Equal((byte)code, G711.LinearToMuLaw(linear));

    [Theory]
    [InlineData(0x00, -32124)] // -8031 × 4: most negative level
    [InlineData(0x7F, 0)] // negative zero
    [InlineData(0x80, 32124)] // +8031 × 4: most positive level
    [InlineData(0xFF, 0)]
    [InlineData(0xEF, 132)]
    [InlineData(0xFE, 8)] // +2 × 4: smallest positive non-zero level
    public void MuLaw_decodes_table_values(int code, short linear) =>
        Assert.Equal(linear, G711.MuLawToLinear((byte)code));

    [Theory]
    [InlineData(0, 0xD5)]
    [InlineData(-1, 0x55)]
    [InlineData(32767, 0xAA)]
    [InlineData(-32768, 0x2A)]
    [InlineData(256, 0xC5)] // first step of segment 1
    public void ALaw_encodes_table_values(short linear, int code) =>
        Assert.Equal((byte)code, G711.LinearToALaw(linear));

    [Theory]
    [InlineData(0xD5, 8)] // +1 × 8: smallest positive level
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)] // +4032 × 8: largest level
    [InlineData(0x2A, -32256)]
    [InlineData(0xC5, 264)]
    public void ALaw_decodes_table_values(int code, short linear) =>
        Assert.Equal(linear, G711.ALawToLinear((byte)code));

    [Fact]
    public void ALaw_encode_of_decode_is_identity_on_all_codes()
    {
        for (var code = 0; code < 256; code++)
        {
            Assert.Equal((byte)code, G711.LinearToALaw(G711.ALawToLinear((byte)code)));
        }
    }

    [Fact]
    public void MuLaw_encode_of_decode_is_identity_on_all_codes_but_negative_zero()
    {
        for (var code = 0; code < 256; code++)
        {
            // 0x7F (negative zero) decodes to 0, which G.711 encodes as positive zero 0xFF.
            byte expected = code == 0x7F ? (byte)0xFF : (byte)code;
            Assert.Equal(expected, G711.LinearToMuLaw(G711.MuLawToLinear((byte)code)));
        }
    }

    [Fact]
    public void Quantisation_error_stays_within_half_a_step_of_the_segment()
    {
        for (int s = short.MinValue; s <= short.MaxValue; s += 7)
        {
            var linear = (short)s;
            int bound = (Math.Abs(s) / 16) + 16;
            Assert.InRange(Math.Abs(G711.MuLawToLinear(G711.LinearToMuLaw(linear)) - s), 0, bound);
            Assert.InRange(Math.Abs(G711.ALawToLinear(G711.LinearToALaw(linear)) - s), 0, bound);
        }
    }

    [Theory]
    [InlineData(AudioCodec.Pcmu)]
    [InlineData(AudioCodec.Pcma)]
    public void Encode_and_decode_spans_match_the_sample_functions(AudioCodec codec)
    {
        short[] pcm = [0, 1, -1, 1000, -1000, short.MaxValue, short.MinValue];
        var payload = new byte[pcm.Length];
        var decoded = new short[pcm.Length];

        G711.Encode(codec, pcm, payload);
        G711.Decode(codec, payload, decoded);

        for (var i = 0; i < pcm.Length; i++)
        {
            byte code = codec == AudioCodec.Pcmu ? G711.LinearToMuLaw(pcm[i]) : G711.LinearToALaw(pcm[i]);
            Assert.Equal(code, payload[i]);
            Assert.Equal(codec == AudioCodec.Pcmu ? G711.MuLawToLinear(code) : G711.ALawToLinear(code), decoded[i]);
        }
    }

    [Fact]
    public void Encode_rejects_a_payload_buffer_too_small() =>
        Assert.Throws<ArgumentException>(() => G711.Encode(AudioCodec.Pcmu, new short[160], new byte[159]));
}
