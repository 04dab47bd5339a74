using System.Text.Json.Nodes;
using ContactCentre.Media;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Features.Drivers;

/// <summary>
/// Call flows on the wire: the host runs with CallFlows/wire-flows.json, its flows replaced by the scenario's, and the
/// spec prompts of CallFlows/audio; the simulated caller recognises the prompts it hears, in order.
/// </summary>
public sealed partial class WireDriver
{
    /// <summary>The service number of wire-flows.json, answered by the scenario's first flow.</summary>
    public const string CallFlowNumber = "0207654321";

    /// <summary>The tone the partner behind the trunk says when it answers a transferred call.</summary>
    public const double PartnerToneHz = 700;

    private int _heardUpTo;
    private SimulatedPhone? _partner;

    /// <summary>
    /// Waits for the partner behind the trunk to answer a call to <paramref name="number"/>, then checks that caller and
    /// partner hear each other (the partner's 700 Hz at the caller, the caller's 1000 Hz at the partner).
    /// </summary>
    /// <returns>Null when they are connected, else what went wrong.</returns>
    public async Task<string?> PutThroughToPartnerAsync(string number)
    {
        if (_partner is null) return "no partner phone behind a trunk: start the host with the scenario's flows";
        PhoneCall partnerCall;
        try
        {
            partnerCall = await _partner.NextAnsweredCallAsync(Patience);
        }
        catch (TimeoutException)
        {
            return $"the partner behind the trunk was not called within {Patience.TotalSeconds} s";
        }
        _partnerCalls.Add(partnerCall);
        if (partnerCall.CalledUri is not { } called || !called.Contains(number, StringComparison.Ordinal))
            return $"the partner was called at {partnerCall.CalledUri}, not at {number}";
        Caller.SayTone(1000);
        if (!await Caller.Heard.WaitForToneAsync(PartnerToneHz, Patience))
            return $"the caller did not hear the partner's {PartnerToneHz} Hz";
        if (!await partnerCall.Heard.WaitForToneAsync(1000, Patience))
            return "the partner did not hear the caller's 1000 Hz";
        return null;
    }

    private readonly List<PhoneCall> _partnerCalls = [];

    public async Task StartWithFlowsAsync(IReadOnlyList<string> flows)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "CallFlows");
        var configuration = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "wire-flows.json")))!;
        var flowArray = new JsonArray([.. flows.Select(f => JsonNode.Parse(f))]);
        configuration["flows"] = flowArray;
        configuration["serviceNumbers"]![0]!["flow"] = flowArray[0]!["name"]!.GetValue<string>();
        // A partner outside the contact centre, behind the trunk "carrier": where transfers to numbers go.
        _partner = await SimulatedPhone.StartAsync("partner");
        _partner.AnswerWith = () => new ToneSource(PartnerToneHz, 8000);
        configuration["trunks"] = CarrierTrunkTo(_partner);
        await StartWithConfigurationAsync(configuration, Path.Combine(folder, "audio"));
    }

    public Task CallTheFlowAsync()
    {
        _heardUpTo = 0;
        return DialAsync(CallFlowNumber);
    }

    /// <summary>
    /// Waits until the caller has heard <paramref name="prompts"/>, one after another, after the prompts already
    /// recognised, and moves past them, so that consecutive checks follow the call in order. The prompts are matched
    /// as one recording; a read-back's digits are then checked one by one against every other digit, because short
    /// digit words all pass the recognition threshold and only their ranking tells them apart.
    /// </summary>
    /// <returns>Null when heard, else what went wrong.</returns>
    public async Task<string?> HearsNextAsync(IReadOnlyList<string> prompts)
    {
        var needle = Recording(prompts);
        if (!await Caller.Heard.WaitForPromptAsync(needle, Patience, _heardUpTo))
            return $"did not hear them within {Patience.TotalSeconds} s; since the last prompts recognised they heard {HeardSinceLastPrompt()}";
        var heard = Caller.Heard.Snapshot(_heardUpTo);
        if (prompts.Any(p => p.StartsWith("digit-", StringComparison.Ordinal)))
        {
            // Recognised as soon as the match passes the threshold, which can be before the last words are all in. The
            // digits are told apart by ranking, and that ranking needs all of it: the half second after the match too,
            // or as much as comes before the far end goes quiet.
            await Caller.Heard.WaitForSamplesAsync(EndOfMatch(heard, needle) + 4000, _heardUpTo, TimeSpan.FromMilliseconds(500), Patience);
            heard = Caller.Heard.Snapshot(_heardUpTo);
        }
        _heardUpTo += EndOfMatch(heard, needle);
        var expected = Correlation.BestMatch(heard, needle);
        for (var slot = 0; slot < prompts.Count; slot++)
        {
            if (!prompts[slot].StartsWith("digit-", StringComparison.Ordinal)) continue;
            foreach (var other in Enumerable.Range(0, 10).Select(d => $"digit-{d}").Where(d => d != prompts[slot]))
            {
                var instead = Correlation.BestMatch(heard, Recording([.. prompts.Take(slot), other, .. prompts.Skip(slot + 1)]));
                if (instead > expected)
                    return $"heard them, but '{other}' rather than '{prompts[slot]}' at place {slot + 1} ({instead:0.000} against {expected:0.000})";
            }
        }
        return null;
    }

    /// <summary>Logs the agent in (if not yet) and returns the flow variables its desktop is shown with the next offer.</summary>
    public async Task<System.Text.Json.JsonElement> VariablesOfferedToAgentAsync(string agentId)
    {
        if (!_agents.ContainsKey(agentId)) await LogInAgentAsync(agentId);
        var offer = await Agent(agentId).Desktop.NextAsync("offer", Patience);
        return offer.GetProperty("variables");
    }

    private static short[] Recording(IEnumerable<string> prompts) =>
        [.. prompts.SelectMany(prompt => WavFile.ReadMono8k(Path.Combine(AppContext.BaseDirectory, "CallFlows", "audio", prompt + ".wav")))];

    /// <summary>For a failure message: the spec prompts found in what the caller heard after the last one recognised.</summary>
    public string HeardSinceLastPrompt()
    {
        var heard = Caller.Heard.Snapshot(_heardUpTo);
        var found = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "CallFlows", "audio"), "*.wav")
            .Where(file => Correlation.BestMatch(heard, WavFile.ReadMono8k(file)) >= 0.8)
            .Select(Path.GetFileNameWithoutExtension);
        return $"{heard.Length / 8000.0:0.0} s of audio, resembling {string.Join(", ", found.DefaultIfEmpty("no spec prompt"))}";
    }

    /// <summary>The shortest stretch of <paramref name="heard"/> that already holds the prompt: where the prompt ended.</summary>
    private static int EndOfMatch(short[] heard, short[] prompt)
    {
        // A longer stretch never matches worse (it has every lag of a shorter one), so the end can be bisected.
        int low = Math.Min(prompt.Length, heard.Length), high = heard.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (Correlation.BestMatch(heard.AsSpan(0, middle), prompt) >= 0.8) high = middle;
            else low = middle + 1;
        }
        return high;
    }
}
