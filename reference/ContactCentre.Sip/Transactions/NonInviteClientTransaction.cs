namespace ContactCentre.Sip;

/// <summary>
/// A non-INVITE client transaction (RFC 3261 §17.1.2): retransmits over UDP on timer E, gives up
/// with a synthesized 408 on timer F, and lingers for timer K to absorb response retransmissions.
/// </summary>
internal sealed class NonInviteClientTransaction(string key, SipRequest request, bool reliable, SipTimers timers,
    Func<byte[], Task> send, Action<string> terminated)
{
    private readonly TaskCompletionSource<SipResponse> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _proceeding;

    public string Key { get; } = key;

    public async Task<SipResponse> RunAsync(CancellationToken ct)
    {
        try
        {
            var bytes = request.ToBytes();
            await send(bytes).ConfigureAwait(false);
            var started = timers.Time.GetTimestamp();
            var interval = timers.T1;
            while (true)
            {
                var remaining = timers.Transaction - timers.Time.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    // Timer F.
                    _final.TrySetResult(SipResponses.Create(request, 408, "Request Timeout"));
                    break;
                }
                var wait = reliable ? remaining : SipTimers.Min(interval, remaining);
                if (await timers.SignalledWithinAsync(_final.Task, wait, ct).ConfigureAwait(false))
                {
                    break;
                }
                if (!reliable && timers.Time.GetElapsedTime(started) < timers.Transaction)
                {
                    await send(bytes).ConfigureAwait(false); // Timer E
                    interval = _proceeding ? timers.T2 : SipTimers.Min(interval * 2, timers.T2);
                }
            }
            // Timer K absorbs retransmitted final responses.
            timers.After(reliable ? TimeSpan.Zero : timers.T4, () => terminated(Key));
            return await _final.Task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            terminated(Key);
            throw;
        }
    }

    public void OnResponse(SipResponse response)
    {
        if (response.IsProvisional)
        {
            _proceeding = true;
            return;
        }
        _final.TrySetResult(response);
    }
}
