namespace ContactCentre.Sip;

/// <summary>
/// A server transaction (RFC 3261 §17.2): absorbs request retransmissions by repeating the last
/// response, retransmits a non-2xx INVITE final over UDP until ACK (timers G/H/I), and lingers
/// after a non-INVITE final to absorb retransmissions (timer J).
/// </summary>
internal sealed class ServerTransaction(string key, SipRequest request, InboundSource source, SipTimers timers,
    Func<byte[], Task> send, Action<ServerTransaction> terminated)
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly TaskCompletionSource _ack = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[]? _lastBytes;
    private int _terminated;

    public string Key { get; } = key;

    public SipRequest Request { get; } = request;

    public InboundSource Source { get; } = source;

    public bool IsInvite => Request.Method == SipMethods.Invite;

    public SipResponse? LastResponse { get; private set; }

    public bool HasFinalResponse => LastResponse is { StatusCode: >= 200 };

    /// <summary>The UAS call for an INVITE transaction, found again when a CANCEL arrives.</summary>
    public IncomingCall? Call { get; set; }

    private bool Reliable => Source.Transport != SipTransportKind.Udp;

    /// <summary>Sends a response; ignored once a final response has been sent.</summary>
    public async Task<bool> RespondAsync(SipResponse response)
    {
        if (!await SendInOrderAsync(response, onlyFirst: false).ConfigureAwait(false))
        {
            return false;
        }
        byte[] bytes;
        lock (_gate)
        {
            bytes = _lastBytes!;
        }
        if (response.StatusCode < 200)
        {
            return true;
        }
        if (!IsInvite)
        {
            timers.After(Reliable ? TimeSpan.Zero : timers.Transaction, Terminate);
        }
        else if (response.StatusCode >= 300)
        {
            _ = RetransmitUntilAckAsync(bytes);
        }
        else
        {
            // Accepted state (RFC 6026 timer L): the UAS core ends it earlier when the ACK arrives.
            timers.After(timers.Transaction, Terminate);
        }
        return true;
    }

    /// <summary>
    /// RFC 3261 §17.2.1: 100 Trying unless the TU has responded within <paramref name="within"/> (200 ms there).
    /// False when it was not needed: a provisional or final response had already been sent.
    /// </summary>
    public async Task<bool> SendTryingUnlessAnsweredAsync(TimeSpan within, SipResponse trying)
    {
        await Task.Delay(within, timers.Time).ConfigureAwait(false);
        return await SendInOrderAsync(trying, onlyFirst: true).ConfigureAwait(false);
    }

    /// <summary>
    /// Decides and sends under one send lock, so responses leave in the order they were decided: a provisional
    /// can never follow the final response on the wire (a 100 that reached SIPp after the 200 failed its call).
    /// </summary>
    private async Task<bool> SendInOrderAsync(SipResponse response, bool onlyFirst)
    {
        await _sending.WaitAsync().ConfigureAwait(false);
        try
        {
            byte[] bytes;
            lock (_gate)
            {
                if (HasFinalResponse || (onlyFirst && LastResponse is not null))
                {
                    return false;
                }
                LastResponse = response;
                bytes = _lastBytes = response.ToBytes();
            }
            await send(bytes).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>
    /// A retransmitted request: repeat the last response (RFC 3261 §17.2.1, §17.2.2). An INVITE already answered
    /// 2xx is absorbed (RFC 6026 "Accepted" state, which updates RFC 3261 §17.2.1): only the UAS core repeats
    /// a 2xx, on its timer until the ACK. An immediate extra 2xx could otherwise reach the caller after it has sent its next re-INVITE, and
    /// a caller that matches a 200 by CSeq method only (SIPp) takes it for that re-INVITE's answer.
    /// </summary>
    public Task OnRetransmissionAsync() => IsInvite && LastResponse is { IsSuccess: true } ? Task.CompletedTask : ResendLastAsync();

    /// <summary>Repeats the current response bytes (the UAS core's 2xx retransmission, or a retransmitted request).</summary>
    public async Task ResendLastAsync()
    {
        // Through the send lock too: a repeated 100 read before the 200 was decided must not leave after it.
        await _sending.WaitAsync().ConfigureAwait(false);
        try
        {
            byte[]? bytes;
            lock (_gate)
            {
                bytes = _lastBytes;
            }
            if (bytes is not null)
            {
                await send(bytes).ConfigureAwait(false);
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    public void OnAck() => _ack.TrySetResult();

    /// <summary>
    /// Repeats a sent 2xx to an INVITE until <paramref name="ack"/> completes (RFC 3261 §13.3.1.4, RFC 6026 §7.1):
    /// over UDP at T1 doubling to T2, for at most 64*T1. False when no ACK came in time.
    /// </summary>
    public async Task<bool> Retransmit2xxUntilAckAsync(Task ack)
    {
        var started = timers.Time.GetTimestamp();
        var interval = timers.T1;
        try
        {
            while (true)
            {
                var remaining = timers.Transaction - timers.Time.GetElapsedTime(started);
                var wait = Reliable ? remaining : SipTimers.Min(interval, remaining);
                if (await timers.SignalledWithinAsync(ack, wait).ConfigureAwait(false))
                {
                    return true;
                }
                if (timers.Time.GetElapsedTime(started) >= timers.Transaction)
                {
                    return false;
                }
                await ResendLastAsync().ConfigureAwait(false);
                interval = SipTimers.Min(interval * 2, timers.T2);
            }
        }
        finally
        {
            Terminate();
        }
    }

    private async Task RetransmitUntilAckAsync(byte[] bytes)
    {
        var started = timers.Time.GetTimestamp();
        var interval = timers.T1;
        while (true)
        {
            var remaining = timers.Transaction - timers.Time.GetElapsedTime(started);
            var wait = Reliable ? remaining : SipTimers.Min(interval, remaining);
            if (await timers.SignalledWithinAsync(_ack.Task, wait).ConfigureAwait(false))
            {
                // Timer I absorbs ACK retransmissions.
                timers.After(Reliable ? TimeSpan.Zero : timers.T4, Terminate);
                return;
            }
            if (timers.Time.GetElapsedTime(started) >= timers.Transaction)
            {
                Terminate(); // Timer H
                return;
            }
            await send(bytes).ConfigureAwait(false); // Timer G
            interval = SipTimers.Min(interval * 2, timers.T2);
        }
    }

    public void Terminate()
    {
        if (Interlocked.Exchange(ref _terminated, 1) == 0)
        {
            terminated(this);
        }
    }
}
