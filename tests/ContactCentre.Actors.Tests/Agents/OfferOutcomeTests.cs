using ContactCentre.Actors.Agents;
using ContactCentre.Domain.Agents;

namespace ContactCentre.Actors.Tests.Agents;

/// <summary>
/// Whose doing an unanswered offer was, read from the dialers' reasons: a rejection counts towards no-answers (auto-pause),
/// an error towards the automatic log-off. A softphone's reject is the agent's choice, not an error.
/// </summary>
[Trait("Category", "Unit")]
public sealed class OfferOutcomeTests
{
    [Theory]
    [InlineData("486 Busy Here", OfferOutcome.Rejected)]
    [InlineData("603 Decline", OfferOutcome.Rejected)]
    [InlineData("rejected at the desktop", OfferOutcome.Rejected)]
    [InlineData("no answer in 20 s", OfferOutcome.NoAnswer)]
    [InlineData("no answer in 20 s (the agent's number +358401234567)", OfferOutcome.NoAnswer)]
    [InlineData("cancelled", OfferOutcome.NoAnswer)]
    [InlineData("487 Request Terminated", OfferOutcome.NoAnswer)]
    [InlineData("caller hung up", OfferOutcome.Withdrawn)]
    [InlineData("the agent's desktop is closed", OfferOutcome.Error)]
    [InlineData("the softphone's connection failed: its DTLS handshake failed", OfferOutcome.Error)]
    [InlineData("503 Service Unavailable", OfferOutcome.Error)]
    public void Each_dialer_reason_is_read_as_whose_doing_it_was(string reason, OfferOutcome outcome) =>
        Assert.Equal(outcome, AgentActor.OutcomeOf(reason));
}
