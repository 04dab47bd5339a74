using System.Collections.Concurrent;
using System.Threading.Channels;
using ContactCentre.Actors.Ports;
using ContactCentre.Domain.Agents;
using ContactCentre.Domain.History;

namespace ContactCentre.Actors.Tests;

/// <summary>Rings agents by handing each dial to the test, which answers or refuses it.</summary>
internal sealed class ScriptedDialer : IAgentDialer
{
    public Channel<(AgentDevice Device, OfferDetails Offer, TaskCompletionSource<DialResult> Answer)> Dials { get; } =
        Channel.CreateUnbounded<(AgentDevice, OfferDetails, TaskCompletionSource<DialResult>)>();

    public Task<DialResult> DialAsync(AgentDevice device, OfferDetails offer, CancellationToken cancel)
    {
        var answer = new TaskCompletionSource<DialResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        cancel.Register(() =>
        {
            Cancelled?.Invoke();
            answer.TrySetResult(new DialResult(null, "cancelled"));
        });
        Dials.Writer.TryWrite((device, offer, answer));
        return answer.Task;
    }

    /// <summary>Runs as a dial is cancelled, where a softphone's desktop hears its ring end.</summary>
    public Action? Cancelled { get; set; }

    public async Task<(AgentDevice Device, OfferDetails Offer, TaskCompletionSource<DialResult> Answer)> NextDialAsync() =>
        await Dials.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
}

internal sealed class RecordingHistory : ICallHistory
{
    public Channel<CallHistoryEntry> Entries { get; } = Channel.CreateUnbounded<CallHistoryEntry>();

    public Task RecordAsync(CallHistoryEntry entry)
    {
        Entries.Writer.TryWrite(entry);
        return Task.CompletedTask;
    }

    public async Task<CallHistoryEntry> NextAsync() => await Entries.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}
