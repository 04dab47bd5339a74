using System.Text;

namespace ContactCentre.Sip;

/// <summary>DTMF by INFO, and blind/attended transfer with REFER and NOTIFY message/sipfrag (RFC 3515, RFC 3891).</summary>
public sealed partial class SipDialog
{
    /// <summary>A DTMF digit received in an INFO (<c>application/dtmf-relay</c> or <c>application/dtmf</c>).</summary>
    public event Action<SipDialog, char>? DtmfReceived;

    /// <summary>
    /// The peer asks us to transfer (REFER, RFC 3515 §2.4.2); the endpoint has answered 202 Accepted and the
    /// application reports progress with <see cref="SipTransfer.NotifyAsync"/>. Without a subscriber REFER gets 603.
    /// </summary>
    public event Action<SipDialog, SipTransfer>? TransferRequested;

    /// <summary>Progress of a transfer we asked for: each NOTIFY's message/sipfrag status line (RFC 3515 §2.4.5).</summary>
    public event Action<SipDialog, TransferProgress>? TransferProgressed;

    /// <summary>Sends one DTMF digit as INFO <c>application/dtmf-relay</c>: <c>Signal=5</c>, <c>Duration=160</c>.</summary>
    public Task<SipResponse> SendDtmfAsync(char digit, int durationMs = 160, CancellationToken ct = default)
    {
        digit = char.ToUpperInvariant(digit);
        if (!DtmfRelay.IsDigit(digit))
        {
            throw new ArgumentOutOfRangeException(nameof(digit), digit, "DTMF digits are 0-9, *, # and A-D.");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(durationMs);
        return SendRequestAsync(SipMethods.Info, DtmfRelay.ContentType, Encoding.UTF8.GetBytes(DtmfRelay.Format(digit, durationMs)), ct);
    }

    /// <summary>
    /// Asks the peer to call <paramref name="target"/> (REFER, RFC 3515 §2.4.1); with <paramref name="replaces"/>
    /// the new call replaces that dialog at the target (attended transfer, RFC 3891 §3). Returns the REFER's
    /// response (202 when accepted); the outcome arrives as <see cref="TransferProgressed"/>.
    /// </summary>
    public Task<SipResponse> ReferAsync(string target, DialogReplacement? replaces = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (!SipUri.TryParse(target, out _))
        {
            throw new ArgumentException($"Not a SIP URI: '{target}'", nameof(target));
        }
        var referTo = replaces is null ? target : $"{target}?{DialogReplacement.HeaderName}={Uri.EscapeDataString(replaces.ToString())}";
        var request = CreateRequest(SipMethods.Refer);
        request.Headers.Add(HeaderNames.Contact, _endpoint.ContactHeader(LocalUser, Transport));
        request.Headers.Add(SipTransfer.ReferToHeader, $"<{referTo}>");
        request.Headers.Add(SipTransfer.ReferredByHeader, $"<{_local.Uri}>");
        return SendAsync(request, ct);
    }

    private async Task<bool> OnInfoAsync(SipServerRequest request)
    {
        if (!DtmfRelay.IsDtmf(request.Request, out var digit))
        {
            return false;
        }
        if (digit is { } pressed)
        {
            DtmfReceived?.Invoke(this, pressed);
        }
        if (RequestReceived is not null)
        {
            return false;
        }
        await (digit is null
            ? request.RespondAsync(400, "Bad DTMF Body")
            : request.RespondAsync(200, "OK")).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> OnReferAsync(SipServerRequest request)
    {
        var handler = TransferRequested;
        if (handler is null)
        {
            return false;
        }
        var refer = request.Request;
        if (SipTransfer.TryCreate(this, refer) is not { } transfer)
        {
            await request.RespondAsync(400, "Missing or Bad Refer-To").ConfigureAwait(false);
            return true;
        }
        await request.RespondAsync(202, "Accepted").ConfigureAwait(false);
        handler(this, transfer);
        return true;
    }

    /// <summary>A NOTIFY for a refer subscription: answer 200 and report the sipfrag status (RFC 3515 §2.4.5).</summary>
    private async Task<bool> OnNotifyAsync(SipServerRequest request)
    {
        var notify = request.Request;
        var eventName = notify.Headers[SipTransfer.EventHeader]?.Split(';')[0].Trim();
        if (!string.Equals(eventName, "refer", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (!TransferProgress.TryParse(notify, out var progress))
        {
            await request.RespondAsync(400, "Bad message/sipfrag Body").ConfigureAwait(false);
            return true;
        }
        // Reported before the 200 leaves: the notifier sends its next NOTIFY on that 200, and that one is handled
        // on another thread, so reporting afterwards could show "200 OK" before "100 Trying".
        TransferProgressed?.Invoke(this, progress!);
        await request.RespondAsync(200, "OK").ConfigureAwait(false);
        return true;
    }

    /// <summary>A NOTIFY in the implicit subscription of REFER <paramref name="referSeq"/> (RFC 3515 §2.4.4).</summary>
    internal Task<SipResponse> NotifyTransferAsync(uint referSeq, int statusCode, string reason, CancellationToken ct)
    {
        var request = CreateRequest(SipMethods.Notify);
        request.Headers.Add(HeaderNames.Contact, _endpoint.ContactHeader(LocalUser, Transport));
        request.Headers.Add(SipTransfer.EventHeader, $"refer;id={referSeq}");
        request.Headers.Add(SipTransfer.SubscriptionStateHeader,
            statusCode >= 200 ? "terminated;reason=noresource" : "active;expires=60");
        request.Headers.Set(HeaderNames.ContentType, TransferProgress.ContentType);
        request.Body = Encoding.UTF8.GetBytes($"SIP/2.0 {statusCode} {reason}\r\n");
        return SendAsync(request, ct);
    }
}
