using System.Globalization;
using System.Text.RegularExpressions;
using ContactCentre.Domain.Flows;
using ContactCentre.Domain.Queues;
using ContactCentre.Features.Drivers;
using Reqnroll;

namespace ContactCentre.Features.Queues;

/// <summary>Callers waiting in one queue on the in-process <see cref="QueueDriver"/>; scoped to @queues.</summary>
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
    public void NoAgent() => queue.SetAgents(0, 0);

    [Given("{int} agent(s) is/are logged in, {int} ready")]
    public void GivenAgents(int loggedIn, int ready) => queue.SetAgents(loggedIn, ready);

    [Given("agents recently finished calls of {} seconds")]
    public void GivenHandleTimes(string seconds)
    {
        foreach (Match number in Numbers().Matches(seconds))
            queue.Handled(TimeSpan.FromSeconds(int.Parse(number.Value, CultureInfo.InvariantCulture)));
    }

    [Given("the caller {string} waited {int} seconds and was answered")]
    public void GivenAnAnsweredCaller(string caller, int seconds)
    {
        queue.Enter(caller);
        queue.Pass(TimeSpan.FromSeconds(seconds));
        queue.Answer(caller);
    }

    [When("an agent finishes a call of {int} seconds")]
    public void WhenAnAgentFinishes(int seconds) => queue.Handled(TimeSpan.FromSeconds(seconds));

    [When("the caller {string} enters the queue")]
    public void WhenACallerEnters(string caller) => queue.Enter(caller);

    [When("the caller {string} enters the queue with priority {int}")]
    public void WhenACallerEntersWithPriority(string caller, int priority) => queue.Enter(caller, priority);

    [When("the callers {} enter the queue")]
    public void WhenCallersEnter(string callers)
    {
        foreach (var caller in Names(callers))
            queue.Enter(caller);
    }

    [When("the caller {string} is transferred into the queue with priority {int}")]
    public void WhenTransferredIn(string caller, int priority) => queue.TransferIn(caller, priority);

    [When("the caller {string} is answered")]
    public void WhenAnswered(string caller) => queue.Answer(caller);

    [When("the caller {string} hangs up while waiting")]
    public void WhenHangsUp(string caller) => queue.HangUp(caller);

    [When("{int} second(s) pass(es)")]
    public void WhenSecondsPass(int seconds) => queue.Pass(TimeSpan.FromSeconds(seconds));

    [When("{int} minute(s) pass(es)")]
    public void WhenMinutesPass(int minutes) => queue.Pass(TimeSpan.FromMinutes(minutes));

    [Then("the callers wait in the order {}")]
    public void ThenTheOrder(string callers) => Assert.Equal(Names(callers), queue.State.Waiting.Select(t => t.Id));

    [Then("the caller {string} takes the {string} exit")]
    public void ThenTakesTheExit(string caller, string exit)
    {
        Assert.Equal(exit, queue.ExitOf(caller)?.ToString().ToLowerInvariant());
        Assert.Null(queue.State.PositionOf(caller));
    }

    [Then("the caller {string} still waits")]
    public void ThenStillWaits(string caller)
    {
        Assert.Null(queue.ExitOf(caller));
        Assert.NotNull(queue.State.PositionOf(caller));
    }

    [Then("{int} callers wait")]
    public void ThenCallersWait(int count) => Assert.Equal(count, queue.State.Waiting.Count);

    [Then("the caller {string} is at position {int} with an estimated wait of {int} seconds by the {word} method")]
    public void ThenTheEstimate(string caller, int position, int seconds, string method)
    {
        var estimate = queue.Estimate(caller);
        Assert.Equal((position, TimeSpan.FromSeconds(seconds), method), (estimate.Position, estimate.Ewt, Name(estimate.Method)));
    }

    [Then("a new caller is told {int} seconds by the {word} method")]
    public void ThenANewCallerIsTold(int seconds, string method)
    {
        var estimate = queue.EstimateForNewCaller();
        Assert.Equal((TimeSpan.FromSeconds(seconds), method), (estimate.Ewt, Name(estimate.Method)));
    }

    [Then("the caller {string} hears position {int} and a wait of about {int} minute(s)")]
    public void ThenHearsAnnouncement(string caller, int position, int minutes) =>
        Assert.Equal([new Announcement(position, minutes)], queue.NewAnnouncements(caller));

    [Then("the caller {string} hears nothing new")]
    public void ThenHearsNothing(string caller) => Assert.Empty(queue.NewAnnouncements(caller));

    /// <summary>A table of figure | value: counts, "55 s", "50 %" or "none".</summary>
    [Then("the queue shows:")]
    public void ThenTheQueueShows(Table figures)
    {
        var o = queue.Overview();
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
