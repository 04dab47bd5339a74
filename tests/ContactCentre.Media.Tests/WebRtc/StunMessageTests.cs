using System.Net;
using System.Text;
using ContactCentre.Media.WebRtc;

namespace ContactCentre.Media.Tests.WebRtc;

/// <summary>RFC 5769 §2.1–2.3 test vectors, transcribed from the RFC.</summary>
[Trait("Category", "Unit")]
public sealed class StunMessageTests
{
    internal const string Password = "VOkJxbRl1RmTxUk/WvJxBt";

    internal static readonly byte[] SampleRequest = Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae" +
        "80220010" + "5354554e" + "20746573" + "7420636c" + "69656e74" +
        "00240004" + "6e0001ff" +
        "80290008" + "932ff9b1" + "51263b36" +
        "00060009" + "6576746a" + "3a683676" + "59202020" +
        "00080014" + "9aeaa70c" + "bfd8cb56" + "781ef2b5" + "b2d3f249" + "c1b571a2" +
        "80280004" + "e57a3bcf");

    private static readonly byte[] SampleIPv4Response = Convert.FromHexString(
        "0101003c2112a442b7e7a701bc34d686fa87dfae" +
        "8022000b" + "74657374" + "20766563" + "746f7220" +
        "00200008" + "0001a147" + "e112a643" +
        "00080014" + "2b91f599" + "fd9e90c3" + "8c7489f9" + "2af9ba53" + "f06be7d7" +
        "80280004" + "c07d4c96");

    private static readonly byte[] SampleIPv6Response = Convert.FromHexString(
        "010100482112a442b7e7a701bc34d686fa87dfae" +
        "8022000b" + "74657374" + "20766563" + "746f7220" +
        "00200014" + "0002a147" + "0113a9fa" + "a5d3f179" + "bc25f4b5" + "bed2b9d9" +
        "00080014" + "a382954e" + "4be67bf1" + "1784c97c" + "8292c275" + "bfe3ed41" +
        "80280004" + "c8fb0b4c");

    private static readonly byte[] Key = Encoding.UTF8.GetBytes(Password);
    private static readonly byte[] TransactionId = Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    [Fact]
    public void The_sample_request_parses_with_its_integrity_and_fingerprint()
    {
        Assert.True(StunMessage.TryParse(SampleRequest, out var request));

        Assert.Equal(StunMessageType.BindingRequest, request.Type);
        Assert.Equal("evtj:h6vY", request.Username);
        Assert.True(request.TryGetAttribute(StunAttributeType.Software, out var software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.True(request.HasFingerprint);
        Assert.True(request.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void Integrity_fails_with_another_password()
    {
        Assert.True(StunMessage.TryParse(SampleRequest, out var request));

        Assert.False(request.VerifyMessageIntegrity(Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBu")));
    }

    [Fact]
    public void A_changed_byte_breaks_the_fingerprint_and_the_message_is_refused()
    {
        var changed = (byte[])SampleRequest.Clone();
        changed[30] ^= 0x01; // inside SOFTWARE

        Assert.False(StunMessage.TryParse(changed, out _));
    }

    [Fact]
    public void The_sample_IPv4_response_maps_192_0_2_1_port_32853()
    {
        Assert.True(StunMessage.TryParse(SampleIPv4Response, out var response));

        Assert.Equal(StunMessageType.BindingSuccessResponse, response.Type);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), response.XorMappedAddress);
        Assert.True(response.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void The_sample_IPv6_response_maps_its_address_port_32853()
    {
        Assert.True(StunMessage.TryParse(SampleIPv6Response, out var response));

        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), response.XorMappedAddress);
        Assert.True(response.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void The_writer_reproduces_the_sample_request_byte_for_byte()
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId) { Padding = 0x20 };
        writer.AddText(StunAttributeType.Software, "STUN test client");
        writer.AddUInt32(StunAttributeType.Priority, 0x6e0001ff);
        writer.AddUInt64(StunAttributeType.IceControlled, 0x932ff9b151263b36);
        writer.AddText(StunAttributeType.Username, "evtj:h6vY");
        writer.AddMessageIntegrity(Key);
        int length = writer.AddFingerprint();

        Assert.Equal(Convert.ToHexString(SampleRequest), Convert.ToHexString(buffer, 0, length));
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677")]
    public void The_writer_reproduces_the_sample_responses_byte_for_byte(string address)
    {
        var expected = address.Contains(':', StringComparison.Ordinal) ? SampleIPv6Response : SampleIPv4Response;
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, TransactionId) { Padding = 0x20 };
        writer.AddText(StunAttributeType.Software, "test vector");
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse(address), 32853));
        writer.AddMessageIntegrity(Key);
        int length = writer.AddFingerprint();

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(buffer, 0, length));
    }

    [Fact]
    public void Truncated_and_random_datagrams_are_refused_without_throwing()
    {
        var random = new Random(5769);
        for (var length = 0; length < SampleRequest.Length; length++)
        {
            Assert.False(StunMessage.TryParse(SampleRequest.AsSpan(0, length), out _));
        }

        var noise = new byte[64];
        for (var i = 0; i < 200; i++)
        {
            random.NextBytes(noise);
            noise[0] &= 0x03;
            StunMessage.TryParse(noise, out _);
        }
    }
}
