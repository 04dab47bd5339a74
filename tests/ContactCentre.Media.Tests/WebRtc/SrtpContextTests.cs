using System.Buffers.Binary;
using ContactCentre.Media.WebRtc;

namespace ContactCentre.Media.Tests.WebRtc;

/// <summary>
/// RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation) vectors, plus libsrtp's published
/// AES_CM_128_HMAC_SHA1_80 test packet (the B.3 master key, SSRC 0xCAFEBABE, sequence 0x1234), which also pins the
/// IV layout and the tag; the rest is behaviour: round trips, wrap, tampering and replay.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SrtpContextTests
{
    private static readonly byte[] MasterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");

    [Fact]
    public void Key_derivation_gives_the_RFC_3711_B3_session_keys()
    {
        var keys = SrtpSessionKeys.ForRtp(MasterKey, MasterSalt);

        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Convert.ToHexString(keys.EncryptionKey));
        Assert.Equal("30CBBC08863D8C85D49DB34A9AE1", Convert.ToHexString(keys.Salt));
        Assert.Equal("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4", Convert.ToHexString(keys.AuthenticationKey));
    }

    [Theory]
    [InlineData("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000", "E03EAD0935C95E80E166B16DD92B4EB4D23513162B02D0F72A43A2FE4A5F97AB41E95B3BB0A2E8DD477901E4FCA894C0")]
    [InlineData("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF", "EC8CDF7398607CB0F2D21675EA9EA1E4362B7C3C6773516318A077D7FC5073AE6A2CC3787889374FBEB4C81B17BA6C44")]
    public void The_AES_CM_keystream_is_the_RFC_3711_B2_one(string counter, string keystream)
    {
        using var cipher = new AesCounterMode(Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C"));
        var data = new byte[48];

        cipher.Apply(Convert.FromHexString(counter), data);

        Assert.Equal(keystream, Convert.ToHexString(data));
    }

    [Fact]
    public void Protecting_the_libsrtp_test_packet_gives_its_published_ciphertext_and_back()
    {
        using var sender = new SrtpContext(MasterKey, MasterSalt);
        using var receiver = new SrtpContext(MasterKey, MasterSalt);
        var buffer = new byte[64];
        var plain = Convert.FromHexString("800f1234decafbadcafebabeabababababababababababababababab");
        plain.CopyTo(buffer, 0);

        Assert.True(sender.TryProtectRtp(buffer, plain.Length, out int length));
        Assert.Equal("800F1234DECAFBADCAFEBABE4E55DC4CE79978D88CA4D215949D2402B78D6ACC99EA179B8DBB", Convert.ToHexString(buffer, 0, length));

        Assert.True(receiver.TryUnprotectRtp(buffer.AsSpan(0, length), out int plainLength));
        Assert.Equal(Convert.ToHexString(plain), Convert.ToHexString(buffer, 0, plainLength));
    }

    [Fact]
    public void The_libsrtp_test_SRTCP_packet_unprotects_to_its_sender_report()
    {
        using var receiver = new SrtpContext(MasterKey, MasterSalt);
        var packet = Convert.FromHexString("81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");

        Assert.True(receiver.TryUnprotectRtcp(packet, out int length));
        Assert.Equal("81C8000BCAFEBABEABABABABABABABABABABABABABABABAB", Convert.ToHexString(packet, 0, length));
        Assert.False(receiver.TryUnprotectRtcp(Convert.FromHexString("81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798"), out _));
    }

    [Fact]
    public void A_stream_crossing_the_16_bit_sequence_wrap_round_trips_with_the_rollover_counter()
    {
        using var sender = new SrtpContext(MasterKey, MasterSalt);
        using var receiver = new SrtpContext(MasterKey, MasterSalt);
        var buffer = new byte[200];
        for (var i = 0; i < 20; i++)
        {
            var sequence = (ushort)(65530 + i);
            int length = WriteRtp(buffer, sequence, fill: (byte)i);

            Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength));
            Assert.NotEqual((byte)i, buffer[12]);
            Assert.True(receiver.TryUnprotectRtp(buffer.AsSpan(0, protectedLength), out int plainLength), $"packet {i}, sequence {sequence}");
            Assert.Equal(length, plainLength);
            Assert.All(buffer.AsSpan(12, 160).ToArray(), b => Assert.Equal((byte)i, b));
        }
    }

    [Fact]
    public void After_the_wrap_a_packet_protected_with_rollover_counter_zero_is_refused()
    {
        using var sender = new SrtpContext(MasterKey, MasterSalt);
        using var stale = new SrtpContext(MasterKey, MasterSalt);
        using var receiver = new SrtpContext(MasterKey, MasterSalt);
        var buffer = new byte[200];
        foreach (ushort sequence in new ushort[] { 65534, 65535, 0, 1 })
        {
            int length = WriteRtp(buffer, sequence, 1);
            sender.TryProtectRtp(buffer, length, out int protectedLength);
            Assert.True(receiver.TryUnprotectRtp(buffer.AsSpan(0, protectedLength), out _));
        }

        int staleLength = WriteRtp(buffer, 2, 1);
        stale.TryProtectRtp(buffer, staleLength, out int staleProtected); // ROC 0: a sender that missed the wrap

        Assert.False(receiver.TryUnprotectRtp(buffer.AsSpan(0, staleProtected), out _));
    }

    [Theory]
    [InlineData(0)]   // header
    [InlineData(20)]  // payload
    [InlineData(175)] // tag
    public void A_tampered_packet_is_refused(int position)
    {
        using var sender = new SrtpContext(MasterKey, MasterSalt);
        using var receiver = new SrtpContext(MasterKey, MasterSalt);
        var buffer = new byte[200];
        int length = WriteRtp(buffer, 100, 7);
        sender.TryProtectRtp(buffer, length, out int protectedLength);

        buffer[position] ^= 0x04;

        Assert.False(receiver.TryUnprotectRtp(buffer.AsSpan(0, protectedLength), out _));
        Assert.Equal(1, receiver.RejectedPackets);
    }

    [Fact]
    public void A_replayed_packet_is_refused_while_late_ones_within_64_are_accepted_once()
    {
        using var sender = new SrtpContext(MasterKey, MasterSalt);
        using var receiver = new SrtpContext(MasterKey, MasterSalt);
        var packets = new List<byte[]>();
        var buffer = new byte[200];
        for (ushort sequence = 1000; sequence < 1100; sequence++)
        {
            int length = WriteRtp(buffer, sequence, 3);
            sender.TryProtectRtp(buffer, length, out int protectedLength);
            packets.Add(buffer.AsSpan(0, protectedLength).ToArray());
        }

        Assert.True(Unprotect(receiver, packets[0]));
        Assert.False(Unprotect(receiver, packets[0]));      // replay
        Assert.True(Unprotect(receiver, packets[80]));
        Assert.True(Unprotect(receiver, packets[30]));      // 50 behind: late but inside the window
        Assert.False(Unprotect(receiver, packets[30]));     // and only once
        Assert.False(Unprotect(receiver, packets[10]));     // 70 behind: outside the window of 64
        Assert.True(Unprotect(receiver, packets[99]));
    }

    [Fact]
    public void RTCP_round_trips_and_a_replay_is_refused()
    {
        using var sender = new SrtpContext(MasterKey, MasterSalt);
        using var receiver = new SrtpContext(MasterKey, MasterSalt);
        var report = Convert.FromHexString("81c80006deadbeef0102030405060708090a0b0c0d0e0f1011121314");
        var buffer = new byte[report.Length + SrtpContext.RtcpTrailerLength];
        report.CopyTo(buffer, 0);

        Assert.True(sender.TryProtectRtcp(buffer, report.Length, out int length));
        var sent = buffer.AsSpan(0, length).ToArray();
        Assert.NotEqual(Convert.ToHexString(report), Convert.ToHexString(sent, 0, report.Length));

        Assert.True(receiver.TryUnprotectRtcp(buffer.AsSpan(0, length), out int plainLength));
        Assert.Equal(Convert.ToHexString(report), Convert.ToHexString(buffer, 0, plainLength));
        Assert.False(receiver.TryUnprotectRtcp(sent, out _));
    }

    [Fact]
    public void Short_and_random_datagrams_are_refused_without_throwing()
    {
        using var receiver = new SrtpContext(MasterKey, MasterSalt);
        var random = new Random(3711);
        for (var length = 0; length < 80; length++)
        {
            var noise = new byte[length];
            random.NextBytes(noise);
            if (length > 0)
            {
                noise[0] = (byte)(0x80 | (noise[0] & 0x3F));
            }

            Assert.False(receiver.TryUnprotectRtp(noise.ToArray(), out _));
            Assert.False(receiver.TryUnprotectRtcp(noise, out _));
        }
    }

    private static bool Unprotect(SrtpContext receiver, byte[] packet) => receiver.TryUnprotectRtp(packet.ToArray(), out _);

    private static int WriteRtp(byte[] buffer, ushort sequence, byte fill)
    {
        buffer[0] = 0x80;
        buffer[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), (uint)sequence * 160);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), 0x11223344);
        buffer.AsSpan(12, 160).Fill(fill);
        return 172;
    }
}
