using System.Text.Json;
using ContactCentre.Actors.Calls;
using ContactCentre.Host.Desktop;

namespace ContactCentre.Host.Tests;

/// <summary>The desktop's call-control messages as read into commands, and the errors for bad fields.</summary>
[Trait("Category", "Unit")]
public sealed class DesktopCallControlTests
{
    private static (CallControl? Command, string? Error) Read(string json)
    {
        var message = JsonDocument.Parse(json).RootElement;
        return DesktopCallControl.Read(message.GetProperty("type").GetString()!, message, "agent1", Book);
    }

    private static readonly ContactCentre.Domain.Configuration.PhoneBook Book = new([new("Partner support", "+358409876543")]);

    [Theory]
    [InlineData("""{ "type": "hold" }""", typeof(HoldCall))]
    [InlineData("""{ "type": "unhold" }""", typeof(UnholdCall))]
    [InlineData("""{ "type": "mute" }""", typeof(MuteAgent))]
    [InlineData("""{ "type": "unmute" }""", typeof(UnmuteAgent))]
    [InlineData("""{ "type": "hangup" }""", typeof(HangUp))]
    [InlineData("""{ "type": "answer" }""", typeof(AnswerOffer))]
    [InlineData("""{ "type": "reject" }""", typeof(RejectOffer))]
    [InlineData("""{ "type": "completeTransfer" }""", typeof(CompleteTransfer))]
    [InlineData("""{ "type": "cancelConsult" }""", typeof(CancelConsult))]
    public void Messages_without_fields_become_their_commands(string json, Type expected)
    {
        var (command, error) = Read(json);
        Assert.Null(error);
        Assert.IsType(expected, command);
        Assert.Equal("agent1", command!.AgentId);
    }

    [Fact]
    public void Transfer_consult_dtmf_and_call_carry_their_fields()
    {
        Assert.Equal(new BlindTransfer("agent1", new TransferTarget(TransferTargetKind.Queue, "sales")),
            Read("""{ "type": "transfer", "to": { "queue": "sales" } }""").Command);
        Assert.Equal(new StartConsult("agent1", new TransferTarget(TransferTargetKind.Agent, "agent2")),
            Read("""{ "type": "consult", "to": { "agent": "agent2" } }""").Command);
        Assert.Equal(new BlindTransfer("agent1", new TransferTarget(TransferTargetKind.Number, "+358201234000")),
            Read("""{ "type": "transfer", "to": { "number": "+358201234000" } }""").Command);
        Assert.Equal(new SendDtmf("agent1", "12*#A"), Read("""{ "type": "dtmf", "digits": "12*#A" }""").Command);
        Assert.Equal(new PlaceCall("agent1", "+358401234567"), Read("""{ "type": "call", "to": "+358401234567" }""").Command);
        Assert.Equal(new PlaceCall("agent1", "0401234567"), Read("""{ "type": "call", "to": { "number": "0401234567" } }""").Command);
        // A contact of the phone book is its number, its name in any case.
        Assert.Equal(new PlaceCall("agent1", "+358409876543"), Read("""{ "type": "call", "to": { "contact": "partner support" } }""").Command);
        Assert.Equal(new BlindTransfer("agent1", new TransferTarget(TransferTargetKind.Number, "+358409876543")),
            Read("""{ "type": "transfer", "to": { "contact": "Partner support" } }""").Command);
    }

    [Theory]
    [InlineData("""{ "type": "dtmf" }""", "dtmf: field 'digits' is missing (a text of 0-9, *, #, A-D)")]
    [InlineData("""{ "type": "dtmf", "digits": "12x" }""", "dtmf: field 'digits' must be 1 to 32 of 0-9, *, #, A-D, not '12x'")]
    [InlineData("""{ "type": "transfer" }""", "transfer: field 'to' must be an object with one of 'agent', 'queue', 'number' or 'contact', e.g. {\"queue\": \"sales\"}")]
    [InlineData("""{ "type": "transfer", "to": {} }""", "transfer: field 'to' must name exactly one of 'agent', 'queue', 'number' or 'contact' (it names 0)")]
    [InlineData("""{ "type": "consult", "to": { "agent": "a", "number": "1" } }""", "consult: field 'to' must name exactly one of 'agent', 'queue', 'number' or 'contact' (it names 2)")]
    [InlineData("""{ "type": "transfer", "to": { "queue": 5 } }""", "transfer: field 'to.queue' must be a non-empty text")]
    [InlineData("""{ "type": "transfer", "to": { "number": "call me" } }""", "transfer: field 'to.number' 'call me' is not a phone number (digits, optionally a leading +)")]
    [InlineData("""{ "type": "call" }""", "call: field 'to' must be the number to call, e.g. \"+358401234567\" (or {\"number\": ...}, or {\"contact\": NAME} from the phone book)")]
    [InlineData("""{ "type": "call", "to": { "contact": "Nobody" } }""", "call: field 'to.contact' names 'Nobody', which is not in the phone book")]
    [InlineData("""{ "type": "transfer", "to": { "contact": 7 } }""", "transfer: field 'to.contact' must be a contact's name from the phone book")]
    [InlineData("""{ "type": "webrtcOffer", "sdp": "v=0" }""", "webrtcOffer: only a logged-in desktop's softphone sends this")]
    public void Bad_fields_get_an_error_naming_the_field(string json, string expected)
    {
        var (command, error) = Read(json);
        Assert.Null(command);
        Assert.Equal(expected, error);
    }
}
