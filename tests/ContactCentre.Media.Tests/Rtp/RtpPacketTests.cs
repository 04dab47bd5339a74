namespace ContactCentre.Media.Tests.Rtp;

[Trait("Category", "Unit")]
public sealed class RtpPacketTests
{
    [Fact]
    public void Written_packet_parses_back_with_every_field()
    {
        var buffer = new byte[200];
        byte[] payload = [1, 2, 3, 4, 5];

        int length = RtpPacket.Write(buffer, 8, marker: true, sequence: 0xBEEF, timestamp: 0xDEADBEEF, ssrc: 0x01020304, payload);

        Assert.Equal(17, length);
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.Equal(8, packet.PayloadType);
        Assert.True(packet.Marker);
        Assert.Equal(0xBEEF, packet.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, packet.Timestamp);
        Assert.Equal(0x01020304u, packet.Ssrc);
        Assert.Equal(payload, packet.Payload.ToArray());
    }

    [Fact]
    public void Header_bytes_follow_rfc3550_layout()
    {
        var buffer = new byte[12];

        RtpPacket.Write(buffer, 0, marker: false, sequence: 1, timestamp: 160, ssrc: 0xAABBCCDD, []);

        Assert.Equal(new byte[] { 0x80, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xA0, 0xAA, 0xBB, 0xCC, 0xDD }, buffer);
    }

    [Fact]
    public void Rejects_version_other_than_2()
    {
        var buffer = Packet(payloadLength: 4);
        buffer[0] = 0x40; // version 1

        Assert.False(RtpPacket.TryParse(buffer, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(11)]
    public void Rejects_datagrams_shorter_than_the_fixed_header(int length) =>
        Assert.False(RtpPacket.TryParse(Packet(payloadLength: 4).AsSpan(0, length), out _));

    [Fact]
    public void Skips_the_csrc_list()
    {
        var buffer = new byte[12 + 8 + 3];
        buffer[0] = 0x82; // version 2, two CSRCs
        buffer[20] = 7;
        buffer[21] = 8;
        buffer[22] = 9;

        Assert.True(RtpPacket.TryParse(buffer, out var packet));
        Assert.Equal(2, packet.CsrcCount);
        Assert.Equal(new byte[] { 7, 8, 9 }, packet.Payload.ToArray());
    }

    [Fact]
    public void Rejects_a_csrc_list_longer_than_the_datagram()
    {
        var buffer = new byte[12 + 4];
        buffer[0] = 0x82;

        Assert.False(RtpPacket.TryParse(buffer, out _));
    }

    [Fact]
    public void Skips_the_header_extension()
    {
        var buffer = new byte[12 + 4 + 8 + 2];
        buffer[0] = 0x90; // version 2, extension
        buffer[15] = 2; // two 32-bit words of extension data
        buffer[24] = 0x42;
        buffer[25] = 0x43;

        Assert.True(RtpPacket.TryParse(buffer, out var packet));
        Assert.True(packet.HasExtension);
        Assert.Equal(new byte[] { 0x42, 0x43 }, packet.Payload.ToArray());
    }

    [Fact]
    public void Rejects_a_truncated_header_extension()
    {
        var buffer = new byte[12 + 4 + 4];
        buffer[0] = 0x90;
        buffer[15] = 2;

        Assert.False(RtpPacket.TryParse(buffer, out _));
        Assert.False(RtpPacket.TryParse(buffer.AsSpan(0, 14), out _));
    }

    [Fact]
    public void Removes_padding_from_the_payload()
    {
        var buffer = new byte[12 + 3 + 4];
        buffer[0] = 0xA0; // version 2, padding
        buffer[12] = 1;
        buffer[^1] = 4;

        Assert.True(RtpPacket.TryParse(buffer, out var packet));
        Assert.Equal(3, packet.Payload.Length);
        Assert.Equal(1, packet.Payload[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void Rejects_impossible_padding(byte padding)
    {
        var buffer = new byte[12 + 4];
        buffer[0] = 0xA0;
        buffer[^1] = padding;

        Assert.False(RtpPacket.TryParse(buffer, out _));
    }

    [Fact]
    public void Write_refuses_a_destination_too_small() =>
        Assert.Throws<ArgumentException>(() => RtpPacket.Write(new byte[20], 0, false, 0, 0, 0, new byte[160]));

    private static byte[] Packet(int payloadLength)
    {
        var buffer = new byte[12 + payloadLength];
        RtpPacket.Write(buffer, 0, false, 1, 2, 3, new byte[payloadLength]);
        return buffer;
    }

    [Fact]
    public void Building_and_parsing_an_audio_packet_allocates_nothing()
    {
        var pcm = new short[160];
        var payload = new byte[160];
        var datagram = new byte[172];
        var decoded = new short[160];
        RoundTrip(pcm, payload, datagram, decoded); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            RoundTrip(pcm, payload, datagram, decoded);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void RoundTrip(short[] pcm, byte[] payload, byte[] datagram, short[] decoded)
    {
        G711.Encode(AudioCodec.Pcma, pcm, payload);
        int length = RtpPacket.Write(datagram, 8, false, 1, 160, 42, payload);
        Assert.True(RtpPacket.TryParse(datagram.AsSpan(0, length), out var packet));
        G711.Decode(AudioCodec.Pcma, packet.Payload, decoded);
    }
}
