using System.Text.Json;
using ContactCentre.Actors.Calls;
using ContactCentre.Domain.Configuration;

namespace ContactCentre.Host.Desktop;

/// <summary>
/// The call-control messages of the desktop protocol (docs/agent-protocol.md, "Call control"), read into
/// <see cref="CallControl"/> commands for the agent's call. Bad fields get an error naming them.
/// </summary>
public static class DesktopCallControl
{
    private const int MaxDigits = 32;

    /// <summary>The message types read here.</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        "answer", "reject", "hangup", "hold", "unhold", "mute", "unmute", "dtmf", "transfer", "consult",
        "completeTransfer", "cancelConsult", "call",
    };

    /// <summary>The command for a call-control message of <paramref name="agentId"/>, or the error to send back.</summary>
    /// <param name="book">The phone book a target's <c>contact</c> is looked up in.</param>
    public static (CallControl? Command, string? Error) Read(string type, JsonElement message, string agentId, PhoneBook? book = null) => type switch
    {
        "answer" => (new AnswerOffer(agentId), null),
        "reject" => (new RejectOffer(agentId), null),
        "hangup" => (new HangUp(agentId), null),
        "hold" => (new HoldCall(agentId), null),
        "unhold" => (new UnholdCall(agentId), null),
        "mute" => (new MuteAgent(agentId), null),
        "unmute" => (new UnmuteAgent(agentId), null),
        "completeTransfer" => (new CompleteTransfer(agentId), null),
        "cancelConsult" => (new CancelConsult(agentId), null),
        "dtmf" => Digits(message) is { } digits ? (new SendDtmf(agentId, digits), null) : (null, DigitsError(message)),
        "transfer" => Target(type, message, book ?? PhoneBook.Empty) switch
        {
            ({ } to, _) => (new BlindTransfer(agentId, to), null),
            (_, var error) => (null, error),
        },
        "consult" => Target(type, message, book ?? PhoneBook.Empty) switch
        {
            ({ } to, _) => (new StartConsult(agentId, to), null),
            (_, var error) => (null, error),
        },
        // The endpoint gives these to the softphone registry before they get here.
        "webrtcOffer" or "webrtcAnswer" => (null, $"{type}: only a logged-in desktop's softphone sends this"),
        "call" => Number(message, book ?? PhoneBook.Empty) switch
        {
            ({ } number, _) => (new PlaceCall(agentId, number), null),
            (_, { } error) => (null, error),
            _ => (null, "call: field 'to' must be the number to call, e.g. \"+358401234567\" (or {\"number\": ...}, or {\"contact\": NAME} from the phone book)"),
        },
        _ => (null, $"unknown message type '{type}'"),
    };

    private static string? Digits(JsonElement message) =>
        message.TryGetProperty("digits", out var d) && d.ValueKind == JsonValueKind.String && d.GetString() is { Length: > 0 and <= MaxDigits } s
        && s.All(c => char.IsAsciiDigit(c) || c is '*' or '#' || (c >= 'A' && c <= 'D'))
            ? s
            : null;

    private static string DigitsError(JsonElement message) =>
        message.TryGetProperty("digits", out var d) && d.ValueKind == JsonValueKind.String
            ? $"dtmf: field 'digits' must be 1 to {MaxDigits} of 0-9, *, #, A-D, not '{d.GetString()}'"
            : "dtmf: field 'digits' is missing (a text of 0-9, *, #, A-D)";

    /// <summary>
    /// "to": {"agent": id} | {"queue": name} | {"number": digits} | {"contact": name in the phone book}, exactly one of them;
    /// a contact is its number.
    /// </summary>
    private static (TransferTarget? To, string? Error) Target(string type, JsonElement message, PhoneBook book)
    {
        if (!message.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Object)
            return (null, $"{type}: field 'to' must be an object with one of 'agent', 'queue', 'number' or 'contact', e.g. {{\"queue\": \"sales\"}}");
        var found = new List<TransferTarget>();
        foreach (var (name, kind) in new[] { ("agent", TransferTargetKind.Agent), ("queue", TransferTargetKind.Queue), ("number", TransferTargetKind.Number), ("contact", TransferTargetKind.Number) })
        {
            if (!to.TryGetProperty(name, out var value)) continue;
            if (name == "contact")
            {
                var (number, error) = DesktopPhoneBook.Contact(type, "to.contact", value, book);
                if (number is null) return (null, error);
                found.Add(new TransferTarget(kind, number));
                continue;
            }
            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                return (null, $"{type}: field 'to.{name}' must be a non-empty text");
            found.Add(new TransferTarget(kind, value.GetString()!));
        }
        if (found.Count != 1)
            return (null, $"{type}: field 'to' must name exactly one of 'agent', 'queue', 'number' or 'contact' (it names {found.Count})");
        if (found[0].Kind == TransferTargetKind.Number && PhoneBook.NumberRefusal(found[0].Value) is { } why)
            return (null, $"{type}: field 'to.number' {why}");
        return (found[0], null);
    }

    /// <summary>"to" as the number itself, as {"number": ...}, or as {"contact": NAME} from the phone book.</summary>
    private static (string? Number, string? Error) Number(JsonElement message, PhoneBook book)
    {
        if (!message.TryGetProperty("to", out var to)) return (null, null);
        if (to.ValueKind == JsonValueKind.String) return (to.GetString(), null);
        if (to.ValueKind != JsonValueKind.Object) return (null, null);
        if (to.TryGetProperty("contact", out var contact)) return DesktopPhoneBook.Contact("call", "to.contact", contact, book);
        return to.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.String ? (n.GetString(), null) : (null, null);
    }
}
