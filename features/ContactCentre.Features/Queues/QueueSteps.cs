using System.Globalization;
using System.Text.RegularExpressions;
using ContactCentre.Actors.Queues;
using ContactCentre.Domain.Queues;
using ContactCentre.Features.Drivers;
using Reqnroll;

namespace ContactCentre.Features.Queues;

/// <summary>Callers waiting in one real queue actor on the in-process <see cref="QueueDriver"/>; scoped to @queues.</summary>
[Binding, Scope(Tag = "queues")]
public sealed partial class QueueSteps(QueueDriver queue)
{
    [Given("the queue {string}")]
    public void GivenTheQueue(string name) => queue.Configure(name, []);

    /// <summary>A table of setting | value, the settings named as in contact-centre.json; words are taken as text.</summary>
    [Given("the queue {string} with:")]
    public void GivenTheQueueWith(string name, Table settings) =>
        queue.Configure(name, settings.Rows.Select(r => (r[0], Json(r[1]))));

    [Given("no agent is logged in")]
    [When("the last agent logs out")]
    public Task NoAgent() => queue.SetAgentsAsync(0, 0);

    [Given("{int} agent(s) is/are logged in, {int} ready")]
    public Task GivenAgents(int loggedIn, int ready) => queue.SetAgentsAsync(loggedIn, ready);

    [Given("agents recently finished calls of {} seconds")]
    public async Task GivenHandleTimes(string seconds)
    {
        foreach (Match number in Numbers().Matches(seconds))
            await queue.HandledAsync(TimeSpan.FromSeconds(int.Parse(number.Value, CultureInfo.InvariantCulture)));
    }

    [Given("the caller {string} waited {int} seconds and was answered")]
    public async Task GivenAnAnsweredCaller(string caller, int seconds)
    {
        await queue.EnterAsync(caller);
        await queue.PassAsync(TimeSpan.FromSeconds(seconds));
        await queue.AnswerAsync(caller);
        await queue.NewAnnouncementsAsync(caller);
    }

    [When("an agent finishes a call of {int} seconds")]
    public Task WhenAnAgentFinishes(int seconds) => queue.HandledAsync(TimeSpan.FromSeconds(seconds));

    [When("the caller {string} enters the queue")]
    public Task WhenACallerEnters(string caller) => queue.EnterAsync(caller);

    [When("the caller {string} enters the queue with priority {int}")]
    public Task WhenACallerEntersWithPriority(string caller, int priority) => queue.EnterAsync(caller, priority);

    [When("the callers {} enter the queue")]
    public async Task WhenCallersEnter(string callers)
    {
        foreach (var caller in Names(callers))
            await queue.EnterAsync(caller);
    }

    [When("the caller {string} is transferred into the queue with priority {int}")]
    public Task WhenTransferredIn(string caller, int priority) => queue.TransferInAsync(caller, priority);

    [When("the caller {string} is answered")]
    public Task WhenAnswered(string caller) => queue.AnswerAsync(caller);

    [When("the caller {string} hangs up while waiting")]
    public Task WhenHangsUp(string caller) => queue.HangUpAsync(caller);

    [When("{int} second(s) pass(es)")]
    public Task WhenSecondsPass(int seconds) => queue.PassAsync(TimeSpan.FromSeconds(seconds));

    [When("{int} minute(s) pass(es)")]
    public Task WhenMinutesPass(int minutes) => queue.PassAsync(TimeSpan.FromMinutes(minutes));

    [Then("the callers wait in the order {}")]
    public async Task ThenTheOrder(string callers) => Assert.Equal(Names(callers), (await queue.StateAsync()).Waiting.Select(t => t.Id));

    [Then("the caller {string} takes the {string} exit")]
    public async Task ThenTakesTheExit(string caller, string exit)
    {
        Assert.Equal(exit, (await queue.ExitOfAsync(caller))?.Exit.ToString().ToLowerInvariant());
        Assert.Null((await queue.StateAsync()).PositionOf(caller));
    }

    [Then("the caller {string} still waits")]
    public async Task ThenStillWaits(string caller)
    {
        Assert.Null(await queue.ExitOfAsync(caller));
        Assert.NotNull((await queue.StateAsync()).PositionOf(caller));
    }

    [Then("{int} callers wait")]
    public async Task ThenCallersWait(int count) => Assert.Equal(count, (await queue.StateAsync()).Waiting.Count);

    [Then("the caller {string} is at position {int} with an estimated wait of {int} seconds by the {word} method")]
    public async Task ThenTheEstimate(string caller, int position, int seconds, string method)
    {
        var estimate = await queue.EstimateAsync(caller);
        Assert.Equal((position, TimeSpan.FromSeconds(seconds), method), (estimate.Position, estimate.Ewt, Name(estimate.Method)));
    }

    [Then("a new caller is told {int} seconds by the {word} method")]
    public async Task ThenANewCallerIsTold(int seconds, string method)
    {
        var overview = await queue.OverviewAsync();
        Assert.Equal((TimeSpan.FromSeconds(seconds), method), (overview.Ewt, Name(overview.EwtMethod)));
    }

    [Then("the caller {string} hears position {int} and a wait of about {int} minute(s)")]
    public async Task ThenHearsAnnouncement(string caller, int position, int minutes) =>
        Assert.Equal([new AnnounceWait(caller, position, minutes)], await queue.NewAnnouncementsAsync(caller));

    [Then("the caller {string} hears nothing new")]
    public async Task ThenHearsNothing(string caller) => Assert.Empty(await queue.NewAnnouncementsAsync(caller));

    /// <summary>A table of figure | value: counts, "55 s", "50 %" or "none".</summary>
    [Then("the queue shows:")]
    public async Task ThenTheQueueShows(Table figures)
    {
        var o = await queue.OverviewAsync();
        foreach (var row in figures.Rows)
        {
            var shown = row[0] switch
            {
                "waiting" => o.Waiting.ToString(CultureInfo.InvariantCulture),
                "longest wait" => Seconds(o.LongestWait),
                "answered" => o.Answered.ToString(CultureInfo.InvariantCulture),
                "abandoned" => o.Abandoned.ToString(CultureInfo.InvariantCulture),
                "abandoned within threshold" => o.AbandonedWithinThreshold.ToString(CultureInfo.InvariantCulture),
                "overflowed" => o.Overflowed.ToString(CultureInfo.InvariantCulture),
                "refused" => o.Refused.ToString(CultureInfo.InvariantCulture),
                "service level" => Percent(o.ServiceLevel),
                "service level excluding short abandons" => Percent(o.ServiceLevelExcludingShortAbandons),
                "average speed of answer" => o.AverageSpeedOfAnswer is { } asa ? Seconds(asa) : "none",
                _ => throw new ArgumentException($"Unknown figure '{row[0]}' in the queue overview table."),
            };
            Assert.True(shown == row[1], $"The queue shows {row[0]} {shown}, expected {row[1]}.");
        }
    }

    private static string Name(EwtMethod method) => method == EwtMethod.ErlangC ? "erlangC" : "average";

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";

    private static string Percent(double? fraction) => fraction is { } f ? $"{Math.Round(f * 100).ToString(CultureInfo.InvariantCulture)} %" : "none";

    private static string Json(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) || value is "true" or "false" ? value : $"\"{value}\"";

    private static List<string> Names(string text) => Quoted().Matches(text).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex Quoted();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Numbers();
}
