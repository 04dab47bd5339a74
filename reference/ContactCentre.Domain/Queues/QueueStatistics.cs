namespace ContactCentre.Domain.Queues;

/// <summary>
/// A queue's counters since it began, built from its events (<see cref="QueueState.Apply"/>).
/// </summary>
/// <remarks>
/// Definitions, as contact centres commonly use them (T = <see cref="Threshold"/>, waits measured from entry):
/// <list type="bullet">
/// <item><see cref="ServiceLevel"/> = answered within T / answered (the product's definition).</item>
/// <item><see cref="ServiceLevelExcludingShortAbandons"/> = answered within T / (answered + abandoned after T):
/// a caller who hung up within T is left out of the denominator (the "short abandon" did not get a chance to be served
/// within target); one who hung up after T counts as a miss.</item>
/// <item>Tickets that left by an exit (maximum wait, no agents), were refused at entry (full) or were lost in a restart
/// count in neither: they are reported on their own.</item>
/// <item>Consultation tickets (<see cref="TicketKind.Consultation"/>, an agent consulting whichever agent of the queue
/// answers) are internal: they count nowhere here, neither entered, answered, abandoned, refused nor in the averages.</item>
/// </list>
/// A wait equal to T counts as within T.
/// </remarks>
public sealed record QueueStatistics(TimeSpan Threshold)
{
    public static QueueStatistics Empty(TimeSpan threshold) => new(threshold);

    public int Entered { get; init; }
    public int Answered { get; init; }
    public int AnsweredWithinThreshold { get; init; }
    public int Abandoned { get; init; }
    public int AbandonedWithinThreshold { get; init; }
    /// <summary>Left by the maximum-wait or no-agents exit after waiting.</summary>
    public int Overflowed { get; init; }
    /// <summary>Turned away at entry (full, or no agent logged in).</summary>
    public int Refused { get; init; }
    public int Lost { get; init; }
    public TimeSpan TotalAnsweredWait { get; init; }

    /// <summary>Answered within the threshold / answered; null before the first answer.</summary>
    public double? ServiceLevel => Answered == 0 ? null : (double)AnsweredWithinThreshold / Answered;

    /// <summary>Answered within the threshold / (answered + abandoned after the threshold); null when that is zero.</summary>
    public double? ServiceLevelExcludingShortAbandons
    {
        get
        {
            var counted = Answered + Abandoned - AbandonedWithinThreshold;
            return counted == 0 ? null : (double)AnsweredWithinThreshold / counted;
        }
    }

    /// <summary>Average speed of answer: mean wait of answered tickets; null before the first answer.</summary>
    public TimeSpan? AverageSpeedOfAnswer => Answered == 0 ? null : TotalAnsweredWait / Answered;

    public QueueStatistics Record(TicketOutcome outcome, TimeSpan wait)
    {
        var within = wait <= Threshold ? 1 : 0;
        return outcome switch
        {
            TicketOutcome.Answered => this with
            {
                Answered = Answered + 1, AnsweredWithinThreshold = AnsweredWithinThreshold + within, TotalAnsweredWait = TotalAnsweredWait + wait,
            },
            TicketOutcome.Abandoned => this with { Abandoned = Abandoned + 1, AbandonedWithinThreshold = AbandonedWithinThreshold + within },
            TicketOutcome.Lost => this with { Lost = Lost + 1 },
            _ => this with { Overflowed = Overflowed + 1 },
        };
    }
}
