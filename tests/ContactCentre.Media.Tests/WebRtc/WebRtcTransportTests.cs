using System.Buffers.Binary;
using System.Net;
using ContactCentre.Media.Tests.Support;
using ContactCentre.Media.WebRtc;

namespace ContactCentre.Media.Tests.WebRtc;

/// <summary>The demultiplexer and the consent gate, driven directly with virtual time.</summary>
[Trait("Category", "Integration")] // the transport sends its STUN answers from a real session socket on 127.0.0.1
[Collection(SocketCollection.Name)]
public sealed class WebRtcTransportTests
{
    private static readonly IPEndPoint Browser = new(IPAddress.Loopback, 50999);
    private static readonly DtlsSrtpKeys Keys = new(
        Enumerable.Repeat((byte)1, 16).ToArray(), Enumerable.Repeat((byte)2, 14).ToArray(),
        Enumerable.Repeat((byte)3, 16).ToArray(), Enumerable.Repeat((byte)4, 14).ToArray());

    [Fact]
    public void Media_is_sent_only_while_consent_is_fresh_and_stops_30_seconds_after_the_last_check()
    {
        var time = new ManualTimeProvider();
        var ice = new IceLiteResponder(new IceCredentials("legU", "legPasswordOf22CharsXyz"), time);
        using var session = RtpSession.Open(IPAddress.Loopback);
        using var transport = new WebRtcTransport(session, ice);
        transport.UseKeys(Keys, weAreDtlsClient: false);
        var packet = new byte[12 + 160 + transport.MaxOverhead];
        packet[0] = 0x80;

        Assert.False(transport.TryProtect(packet, 172, out _));

        Accept(transport, IceLiteResponderTests.Check("legU:brwU", "legPasswordOf22CharsXyz", useCandidate: true));
        Assert.True(transport.TryProtect(packet, 172, out int length));
        Assert.Equal(172 + SrtpContext.AuthTagLength, length);
        Assert.Equal(Browser, session.RemoteEndPoint);

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(transport.TryProtect(packet, 172, out _));
    }

    [Fact]
    public void SRTP_and_SRTCP_are_unprotected_for_the_session_while_STUN_and_strangers_DTLS_are_kept_from_it()
    {
        var ice = new IceLiteResponder(new IceCredentials("legU", "legPasswordOf22CharsXyz"));
        using var session = RtpSession.Open(IPAddress.Loopback);
        using var transport = new WebRtcTransport(session, ice);
        transport.UseKeys(Keys, weAreDtlsClient: false);
        using var browserSends = Keys.CreateSender(weAreClient: true);

        var rtp = new byte[12 + 160 + SrtpContext.AuthTagLength];
        rtp[0] = 0x80;
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), 0xABCD);
        rtp.AsSpan(12, 160).Fill(0x7E);
        browserSends.TryProtectRtp(rtp, 172, out int rtpLength);
        var rtcp = new byte[8 + 20 + SrtpContext.RtcpTrailerLength];
        rtcp[0] = 0x80;
        rtcp[1] = 200;
        BinaryPrimitives.WriteUInt32BigEndian(rtcp.AsSpan(4), 0xABCD);
        browserSends.TryProtectRtcp(rtcp, 28, out int rtcpLength);

        Assert.True(Accept(transport, rtp.AsSpan(0, rtpLength).ToArray(), out int plain));
        Assert.Equal(172, plain);
        Assert.True(Accept(transport, rtcp.AsSpan(0, rtcpLength).ToArray(), out int plainRtcp));
        Assert.Equal(28, plainRtcp);
        var forged = rtcp.AsSpan(0, rtcpLength).ToArray();
        forged[10] ^= 1;
        Assert.False(Accept(transport, forged, out _));
        Assert.False(Accept(transport, [22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], out _)); // DTLS from an address ICE did not validate
        Assert.False(Accept(transport, IceLiteResponderTests.Check("legU:brwU", "legPasswordOf22CharsXyz"), out _));
        Assert.Equal(2, transport.RefusedDatagrams);
    }

    private static bool Accept(WebRtcTransport transport, byte[] datagram) => Accept(transport, datagram, out _);

    private static bool Accept(WebRtcTransport transport, byte[] datagram, out int length)
    {
        bool accepted = transport.TryAccept(datagram, Browser.Serialize(), out var rtp);
        length = rtp.Length;
        return accepted;
    }
}
