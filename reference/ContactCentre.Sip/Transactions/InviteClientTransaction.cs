namespace ContactCentre.Sip;

/// <summary>
/// An INVITE client transaction (RFC 3261 §17.1.1, RFC 6026 Accepted state): retransmits on timer A
/// until any response, times out on timer B, ACKs non-2xx finals itself, and passes 2xx
/// retransmissions back to the UA core so it can repeat its ACK.
/// </summary>
internal sealed class InviteClientTransaction(string key, SipRequest invite, bool reliable, SipTimers timers,
    Func<byte[], Task> send, Action<string> terminated)
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _anyResponse = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SipResponse> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[]? _ackBytes;
    private int _terminated;

    public string Key { get; } = key;

    public SipRequest Invite { get; } = invite;

    public bool HasFinalResponse => _final.Task.IsCompleted;

    public Task ProvisionalReceived => _anyResponse.Task;

    public Action<SipResponse>? OnProvisional { get; init; }

    /// <summary>Called for each retransmitted 2xx, so the UA core re-sends its ACK (RFC 3261 §13.2.2.4).</summary>
    public Func<SipResponse, Task>? On2xxRetransmission { get; init; }

    /// <summary>Completes with the first final response, or a synthesized 408 on timer B.</summary>
    public async Task<SipResponse> RunAsync()
    {
        var bytes = Invite.ToBytes();
        await send(bytes).ConfigureAwait(false);
        var started = timers.Time.GetTimestamp();
        var interval = timers.T1;
        while (!_anyResponse.Task.IsCompleted)
        {
            var remaining = timers.Transaction - timers.Time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                TimeOut(); // Timer B
                break;
            }
            var wait = reliable ? remaining : SipTimers.Min(interval, remaining);
            if (await timers.SignalledWithinAsync(_anyResponse.Task, wait).ConfigureAwait(false))
            {
                break;
            }
            if (!reliable && timers.Time.GetElapsedTime(started) < timers.Transaction)
            {
                await send(bytes).ConfigureAwait(false); // Timer A
                interval = SipTimers.Min(interval * 2, timers.Transaction); // Timer A doubles without a cap of its own.
            }
        }
        return await _final.Task.ConfigureAwait(false);
    }

    /// <summary>After a CANCEL, give the INVITE 64*T1 to end before declaring it timed out (RFC 3261 §9.1).</summary>
    public void StartCancelTimer() => timers.After(timers.Transaction, TimeOut);

    public async Task OnResponseAsync(SipResponse response)
    {
        byte[]? ack = null;
        var provisional = false;
        var retransmitted2xx = false;
        lock (_gate)
        {
            _anyResponse.TrySetResult();
            if (response.IsProvisional)
            {
                provisional = !_final.Task.IsCompleted;
            }
            else if (_final.Task.IsCompleted)
            {
                retransmitted2xx = response.IsSuccess && _final.Task.Result.IsSuccess;
                ack = response.IsSuccess ? null : _ackBytes;
            }
            else if (response.IsSuccess)
            {
                _final.TrySetResult(response);
                // Accepted state: 2xx retransmissions are re-ACKed until timer M (64*T1).
                timers.After(timers.Transaction, Terminate);
            }
            else
            {
                ack = _ackBytes = SipResponses.AckForFailure(Invite, response).ToBytes();
                _final.TrySetResult(response);
                timers.After(reliable ? TimeSpan.Zero : timers.Transaction, Terminate); // Timer D
            }
        }
        if (provisional)
        {
            OnProvisional?.Invoke(response);
        }
        if (retransmitted2xx && On2xxRetransmission is { } reAck)
        {
            await reAck(response).ConfigureAwait(false);
        }
        if (ack is not null)
        {
            await send(ack).ConfigureAwait(false);
        }
    }

    private void TimeOut()
    {
        if (_final.TrySetResult(SipResponses.Create(Invite, 408, "Request Timeout")))
        {
            Terminate();
        }
        _anyResponse.TrySetResult();
    }

    private void Terminate()
    {
        if (Interlocked.Exchange(ref _terminated, 1) == 0)
        {
            terminated(Key);
        }
    }
}
