using System.Net;
using System.Text;
using ContactCentre.Media.WebRtc;

namespace ContactCentre.Media.Tests.WebRtc;

[Trait("Category", "Unit")]
public sealed class IceLiteResponderTests
{
    private static readonly IceCredentials Ours = new("ourU", "ourPasswordOf22CharsXyz");
    private static readonly IPEndPoint Browser = new(IPAddress.Parse("192.0.2.7"), 50123);

    [Fact]
    public void A_check_with_our_credentials_is_answered_with_the_source_address_signed_by_our_password()
    {
        var responder = new IceLiteResponder(Ours) { RemoteUfrag = "thrU" };
        var response = new byte[IceLiteResponder.ResponseBufferLength];

        var outcome = responder.Answer(Check("ourU:thrU", Ours.Password), Browser, response, out int length);

        Assert.Equal(IceCheckOutcome.Answered, outcome);
        Assert.True(StunMessage.TryParse(response.AsSpan(0, length), out var answer));
        Assert.Equal(StunMessageType.BindingSuccessResponse, answer.Type);
        Assert.Equal(Browser, answer.XorMappedAddress);
        Assert.True(answer.HasFingerprint);
        Assert.True(answer.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(Ours.Password)));
    }

    [Theory]
    [InlineData(null, "ourPasswordOf22CharsXyz", 400)]
    [InlineData("ourU:thrU", null, 400)]
    [InlineData("someoneElse:thrU", "ourPasswordOf22CharsXyz", 401)]
    [InlineData("ourU:notThem", "ourPasswordOf22CharsXyz", 401)]
    [InlineData("ourU:thrU", "notOurPasswordAtAll12345", 401)]
    public void A_bad_check_gets_the_error_RFC_8489_names_and_no_consent(string? username, string? password, int expectedCode)
    {
        var responder = new IceLiteResponder(Ours) { RemoteUfrag = "thrU" };
        var response = new byte[IceLiteResponder.ResponseBufferLength];

        var outcome = responder.Answer(Check(username, password), Browser, response, out int length);

        Assert.Equal(IceCheckOutcome.Rejected, outcome);
        Assert.True(StunMessage.TryParse(response.AsSpan(0, length), out var answer));
        Assert.Equal(StunMessageType.BindingErrorResponse, answer.Type);
        Assert.Equal(expectedCode, answer.ErrorCode);
        Assert.False(responder.HasConsent);
        Assert.Null(responder.SelectedRemote);
    }

    [Fact]
    public void Use_candidate_nominates_the_source_once()
    {
        var responder = new IceLiteResponder(Ours);
        var response = new byte[IceLiteResponder.ResponseBufferLength];
        var nominated = new List<IPEndPoint>();
        responder.Nominated += nominated.Add;

        responder.Answer(Check("ourU:thrU", Ours.Password), Browser, response, out _);
        Assert.False(responder.IsNominated);
        responder.Answer(Check("ourU:thrU", Ours.Password, useCandidate: true), Browser, response, out _);
        responder.Answer(Check("ourU:thrU", Ours.Password, useCandidate: true), Browser, response, out _);

        Assert.True(responder.IsNominated);
        Assert.Equal([Browser], nominated);
        Assert.Equal(Browser, responder.SelectedRemote);
    }

    [Fact]
    public void Consent_lapses_30_seconds_after_the_last_valid_check_and_a_check_renews_it()
    {
        var time = new ManualTimeProvider();
        var responder = new IceLiteResponder(Ours, time);
        var response = new byte[IceLiteResponder.ResponseBufferLength];
        Assert.False(responder.HasConsent);

        responder.Answer(Check("ourU:thrU", Ours.Password), Browser, response, out _);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(responder.HasConsent);

        responder.Answer(Check("ourU:thrU", Ours.Password), Browser, response, out _);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(responder.HasConsent);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(responder.HasConsent);
    }

    [Fact]
    public void Responses_indications_and_non_stun_datagrams_are_not_answered()
    {
        var responder = new IceLiteResponder(Ours);
        var response = new byte[IceLiteResponder.ResponseBufferLength];
        var indication = new byte[64];
        var writer = new StunMessageWriter(indication, StunMessageType.BindingIndication, new byte[12]);
        int length = writer.AddFingerprint();

        Assert.Equal(IceCheckOutcome.Ignored, responder.Answer(indication.AsSpan(0, length), Browser, response, out _));
        Assert.Equal(IceCheckOutcome.NotStun, responder.Answer([0x80, 0, 0, 1], Browser, response, out _));
        Assert.Equal(IceCheckOutcome.NotStun, responder.Answer(StunMessageTests.SampleRequest.AsSpan(0, 30), Browser, response, out _));
    }

    internal static byte[] Check(string? username, string? password, bool useCandidate = false)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Guid.NewGuid().ToByteArray().AsSpan(0, 12));
        if (username is not null)
        {
            writer.AddText(StunAttributeType.Username, username);
        }

        writer.AddUInt32(StunAttributeType.Priority, 0x6e0001ff);
        writer.AddUInt64(StunAttributeType.IceControlling, 0x0102030405060708);
        if (useCandidate)
        {
            writer.AddAttribute(StunAttributeType.UseCandidate, []);
        }

        if (password is not null)
        {
            writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(password));
        }

        return buffer.AsSpan(0, writer.AddFingerprint()).ToArray();
    }
}
