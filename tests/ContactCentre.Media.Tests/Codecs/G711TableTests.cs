namespace ContactCentre.Media.Tests.Codecs;

/// <summary>
/// All 256 codes of each law against the G.711 (11/88) tables rebuilt here from the Recommendation's
/// segment definition (tables 1a and 2a: where each segment starts and its step size), not from the
/// implementation's bit arithmetic. Reconstruction values are the middle of each quantisation interval;
/// the decision values between intervals are where the encoder must change code.
/// </summary>
[Trait("Category", "Unit")]
public sealed class G711TableTests
{
    // Table 1a, A-law, magnitudes in 12-bit units (full scale 4096): segment starts and step sizes.
    private static readonly int[] ALawSegmentStart = [0, 32, 64, 128, 256, 512, 1024, 2048];
    private static readonly int[] ALawStep = [2, 2, 4, 8, 16, 32, 64, 128];

    // Table 2a, µ-law, magnitudes in 13-bit units (full scale 8159). Segment 1's first interval is -1..1,
    // which the table writes as the single value 0; every other interval is one step wide.
    private static readonly int[] MuLawSegmentStart = [-1, 31, 95, 223, 479, 991, 2015, 4063];
    private static readonly int[] MuLawStep = [2, 4, 8, 16, 32, 64, 128, 256];

    // From those units to 16-bit PCM: A-law table values ×8 (4096 → 32768), µ-law ×4 (8159 → 32636).
    private const int ALawScale = 8;
    private const int MuLawScale = 4;

    [Fact]
    public void Every_alaw_code_decodes_to_its_table_value()
    {
        for (var code = 0; code < 256; code++)
        {
            // §A.2: the even bits are inverted on the line; bit 8 set is positive.
            int bits = code ^ 0x55;
            int segment = (bits >> 4) & 7;
            int step = bits & 0x0F;
            int magnitude = ALawSegmentStart[segment] + (step * ALawStep[segment]) + (ALawStep[segment] / 2);
            int expected = ((bits & 0x80) != 0 ? magnitude : -magnitude) * ALawScale;

            Assert.True(expected == G711.ALawToLinear((byte)code), $"A-law code 0x{code:X2}: table {expected}, decoded {G711.ALawToLinear((byte)code)}");
        }
    }

    [Fact]
    public void Every_mulaw_code_decodes_to_its_table_value()
    {
        for (var code = 0; code < 256; code++)
        {
            // µ-law codes are sent with every bit inverted; bit 8 set (after inversion: clear) is positive.
            int bits = ~code & 0xFF;
            int segment = (bits >> 4) & 7;
            int step = bits & 0x0F;
            int magnitude = MuLawSegmentStart[segment] + (step * MuLawStep[segment]) + (MuLawStep[segment] / 2);
            int expected = ((bits & 0x80) == 0 ? magnitude : -magnitude) * MuLawScale;

            Assert.True(expected == G711.MuLawToLinear((byte)code), $"µ-law code 0x{code:X2}: table {expected}, decoded {G711.MuLawToLinear((byte)code)}");
        }
    }

    [Fact]
    public void Published_table_levels_are_among_the_decoded_values()
    {
        // A few levels as printed in the tables: A-law 1, 31, 33, 66, 2112, 4032; µ-law 0, 2, 30, 33, 8031.
        Assert.Equal(1 * ALawScale, G711.ALawToLinear(0xD5));
        Assert.Equal(31 * ALawScale, G711.ALawToLinear(0xDA));
        Assert.Equal(33 * ALawScale, G711.ALawToLinear(0xC5));
        Assert.Equal(66 * ALawScale, G711.ALawToLinear(0xF5));
        Assert.Equal(2112 * ALawScale, G711.ALawToLinear(0xA5));
        Assert.Equal(4032 * ALawScale, G711.ALawToLinear(0xAA));
        Assert.Equal(0, G711.MuLawToLinear(0xFF));
        Assert.Equal(2 * MuLawScale, G711.MuLawToLinear(0xFE));
        Assert.Equal(30 * MuLawScale, G711.MuLawToLinear(0xF0));
        Assert.Equal(33 * MuLawScale, G711.MuLawToLinear(0xEF));
        Assert.Equal(8031 * MuLawScale, G711.MuLawToLinear(0x80));
    }

    [Fact]
    public void Alaw_changes_code_exactly_at_each_decision_value()
    {
        for (var segment = 0; segment < 8; segment++)
        {
            for (var step = 0; step < 16; step++)
            {
                if (segment == 0 && step == 0)
                {
                    continue;
                }

                int decision = (ALawSegmentStart[segment] + (step * ALawStep[segment])) * ALawScale;
                byte above = (byte)(((segment << 4) | step | 0x80) ^ 0x55);
                byte belowCode = (byte)(((((segment << 4) | step) - 1) | 0x80) ^ 0x55);

                Assert.True(above == G711.LinearToALaw((short)decision), $"A-law {decision}: expected 0x{above:X2}, got 0x{G711.LinearToALaw((short)decision):X2}");
                Assert.True(belowCode == G711.LinearToALaw((short)(decision - 1)), $"A-law {decision - 1}: expected 0x{belowCode:X2}, got 0x{G711.LinearToALaw((short)(decision - 1)):X2}");
            }
        }
    }

    [Fact]
    public void Mulaw_changes_code_exactly_at_each_decision_value()
    {
        for (var segment = 0; segment < 8; segment++)
        {
            for (var step = 0; step < 16; step++)
            {
                if (segment == 0 && step == 0)
                {
                    continue;
                }

                int decision = (MuLawSegmentStart[segment] + (step * MuLawStep[segment])) * MuLawScale;
                byte above = (byte)~((segment << 4) | step);
                byte below = (byte)~(((segment << 4) | step) - 1);

                Assert.True(above == G711.LinearToMuLaw((short)decision), $"µ-law {decision}: expected 0x{above:X2}, got 0x{G711.LinearToMuLaw((short)decision):X2}");
                Assert.True(below == G711.LinearToMuLaw((short)(decision - 1)), $"µ-law {decision - 1}: expected 0x{below:X2}, got 0x{G711.LinearToMuLaw((short)(decision - 1)):X2}");
            }
        }
    }

    [Fact]
    public void Values_beyond_the_last_decision_value_clip_to_the_largest_code()
    {
        // A-law's last interval ends at full scale; µ-law's at 8159 (×4 = 32636), beyond which it clips.
        Assert.Equal(0xAA, G711.LinearToALaw(short.MaxValue));
        Assert.Equal(0x2A, G711.LinearToALaw(short.MinValue));
        Assert.Equal(0x80, G711.LinearToMuLaw(8159 * MuLawScale));
        Assert.Equal(0x80, G711.LinearToMuLaw(short.MaxValue));
        Assert.Equal(0x00, G711.LinearToMuLaw(short.MinValue));
    }

    [Fact]
    public void Negative_values_mirror_positive_ones_in_the_middle_of_each_interval()
    {
        for (var code = 0x80; code < 0x100; code++)
        {
            short muLevel = G711.MuLawToLinear((byte)code);
            short aLevel = G711.ALawToLinear((byte)code);
            if (muLevel != 0)
            {
                // µ-law's zero level has no negative twin: -0 is 0, which encodes as positive zero.
                Assert.Equal((byte)(G711.LinearToMuLaw(muLevel) & 0x7F), G711.LinearToMuLaw((short)-muLevel));
            }


            Assert.Equal((byte)(G711.LinearToALaw(aLevel) & 0x7F), G711.LinearToALaw((short)-aLevel));
        }
    }
}
