using System.Globalization;

namespace ContactCentre.Sip;

/// <summary>
/// Keeps our registration with a carrier (RFC 3261 §10.2): REGISTERs through the trunk's outbound proxy,
/// answers its digest challenges, raises the interval on 423, and refreshes before the granted time runs
/// out, all in one Call-ID with increasing CSeq (§10.2.4).
/// </summary>
public sealed class OutboundRegistration : IAsyncDisposable
{
    private const string ExpiresHeader = "Expires";

    /// <summary>After a failed attempt, try again this much later.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    private readonly SipEndpoint _endpoint;
    private readonly SipTrunk _trunk;
    private readonly TrunkRegistration _registration;
    private readonly TimeProvider _time;
    private readonly string _callId;
    private readonly string _fromTag = SipEndpoint.NewTag();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private TimeSpan _requested;
    private uint _cseq;
    private Task? _loop;

    public OutboundRegistration(SipEndpoint endpoint, SipTrunk trunk, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(trunk);
        _registration = trunk.Registration
            ?? throw new ArgumentException($"Trunk {trunk.Name} has no registration configured.", nameof(trunk));
        if (trunk.OutboundProxy is null)
        {
            throw new ArgumentException($"Trunk {trunk.Name} has no outbound proxy to register through.", nameof(trunk));
        }
        _endpoint = endpoint;
        _trunk = trunk;
        _time = time ?? TimeProvider.System;
        _callId = endpoint.NewCallId();
        _requested = _registration.Expires;
    }

    /// <summary>Our contact as registered: <c>sip:ContactUser@our-ip:port</c>.</summary>
    public string ContactUri => _endpoint.ContactUri(_registration.ContactUser);

    /// <summary>When the carrier's binding of our contact runs out; null when not registered.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    public SipResponse? LastResponse { get; private set; }

    /// <summary>Raised after each REGISTER transaction (and its challenge answers) with the final response.</summary>
    public event Action<SipResponse>? Completed;

    /// <summary>Starts registering and refreshing in the background until disposed.</summary>
    public void Start() => _loop ??= Task.Run(() => RefreshLoopAsync(_stop.Token));

    /// <summary>Sends one REGISTER now; on 2xx, returns the interval the carrier granted.</summary>
    public async Task<SipResponse> RegisterAsync(CancellationToken ct = default)
    {
        var response = await SendAsync(_requested, ct).ConfigureAwait(false);
        // RFC 3261 §10.2.8: 423 names the shortest interval the registrar accepts; ask again with it.
        if (response.StatusCode == 423 && ParseSeconds(response.Headers["Min-Expires"]) is { } minimum
            && TimeSpan.FromSeconds(minimum) > _requested)
        {
            _requested = TimeSpan.FromSeconds(minimum);
            response = await SendAsync(_requested, ct).ConfigureAwait(false);
        }
        return response;
    }

    /// <summary>Removes our binding at the carrier (Expires: 0, RFC 3261 §10.2.2).</summary>
    public Task<SipResponse> UnregisterAsync(CancellationToken ct = default) => SendAsync(TimeSpan.Zero, ct);

    private async Task<SipResponse> SendAsync(TimeSpan expires, CancellationToken ct)
    {
        await _sending.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var request = CreateRegister(expires);
            var destination = _trunk.OutboundProxy!;
            var response = _trunk.Credentials is { } credentials
                ? await _endpoint.SendRequestAsync(request, destination, credentials, _trunk.Transport, ct).ConfigureAwait(false)
                : await _endpoint.SendRequestAsync(request, destination, _trunk.Transport, ct).ConfigureAwait(false);
            // The CSeq of the last retry, so the next REGISTER in this Call-ID goes higher (RFC 3261 §10.2.4).
            _cseq = Math.Max(_cseq, response.CSeq?.Number ?? _cseq);
            LastResponse = response;
            if (response.IsSuccess)
            {
                ExpiresAt = expires == TimeSpan.Zero ? null : _time.GetUtcNow() + Granted(response, expires);
            }
            Completed?.Invoke(response);
            return response;
        }
        finally
        {
            _sending.Release();
        }
    }

    private SipRequest CreateRegister(TimeSpan expires)
    {
        var aor = SipUri.Parse(_registration.AddressOfRecord);
        var register = new SipRequest("REGISTER", _registration.RegistrarUri ?? $"{aor.Scheme}:{aor.HostPort}");
        register.Headers.Add(HeaderNames.MaxForwards, "70");
        register.Headers.Add(HeaderNames.From, $"<{aor}>;tag={_fromTag}");
        register.Headers.Add(HeaderNames.To, $"<{aor}>");
        register.Headers.Add(HeaderNames.CallId, _callId);
        register.Headers.Add(HeaderNames.CSeq, $"{(++_cseq).ToString(CultureInfo.InvariantCulture)} REGISTER");
        register.Headers.Add(HeaderNames.Contact, _endpoint.ContactHeader(_registration.ContactUser, _trunk.Transport));
        register.Headers.Add(ExpiresHeader, ((long)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        return register;
    }

    /// <summary>The registrar's interval for our contact: its Contact expires, else the Expires header, else what we asked.</summary>
    private TimeSpan Granted(SipResponse response, TimeSpan requested)
    {
        var ours = SipUri.Parse(ContactUri);
        foreach (var value in response.Headers.GetAll(HeaderNames.Contact))
        {
            if (NameAddress.TryParse(value, out var contact) && contact!.Uri.User == ours.User
                && string.Equals(contact.Uri.Host, ours.Host, StringComparison.OrdinalIgnoreCase) && contact.Uri.Port == ours.Port
                && contact.Parameters.TryGetValue("expires", out var text) && ParseSeconds(text) is { } seconds)
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }
        return ParseSeconds(response.Headers[ExpiresHeader]) is { } header ? TimeSpan.FromSeconds(header) : requested;
    }

    /// <summary>When to refresh a binding granted for <paramref name="granted"/>: the margin before, but not before half way.</summary>
    public static TimeSpan RefreshAfter(TimeSpan granted, TimeSpan margin) =>
        granted - margin > granted / 2 ? granted - margin : granted / 2;

    private async Task RefreshLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var response = await RegisterAsync(ct).ConfigureAwait(false);
                wait = response.IsSuccess && ExpiresAt is { } expiresAt
                    ? RefreshAfter(expiresAt - _time.GetUtcNow(), _registration.RefreshMargin)
                    : RetryInterval;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is SipTransactionException or System.Net.Sockets.SocketException)
            {
                _endpoint.Log($"Registration with trunk {_trunk.Name} failed: {e.Message}");
                wait = RetryInterval;
            }
            try
            {
                await Task.Delay(wait, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static long? ParseSeconds(string? text) =>
        long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _stop.Dispose();
        _sending.Dispose();
    }
}
