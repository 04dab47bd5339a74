using System.Globalization;

namespace ContactCentre.Sip;

/// <summary>
/// A REFER the peer sent us (RFC 3515): where to call, and a way to report how that call went with NOTIFYs
/// carrying <c>message/sipfrag</c> ("SIP/2.0 100 Trying", then a final status that ends the subscription).
/// </summary>
public sealed class SipTransfer
{
    internal const string ReferToHeader = "Refer-To";
    internal const string ReferredByHeader = "Referred-By";
    internal const string EventHeader = "Event";
    internal const string SubscriptionStateHeader = "Subscription-State";

    private readonly uint _referSeq;

    private SipTransfer(SipDialog dialog, uint referSeq, string referTo, string? referredBy, DialogReplacement? replaces)
    {
        Dialog = dialog;
        _referSeq = referSeq;
        ReferTo = referTo;
        ReferredBy = referredBy;
        Replaces = replaces;
    }

    public SipDialog Dialog { get; }

    /// <summary>The URI to call, without the URI headers of the Refer-To (RFC 3515 §2.1).</summary>
    public string ReferTo { get; }

    public string? ReferredBy { get; }

    /// <summary>For an attended transfer, the Replaces to put on the INVITE to <see cref="ReferTo"/> (RFC 3891 §3).</summary>
    public DialogReplacement? Replaces { get; }

    /// <summary>
    /// Sends a NOTIFY with <c>SIP/2.0 {statusCode} {reason}</c>; a final status (200 and up) terminates the
    /// implicit subscription (RFC 3515 §2.4.4, §2.4.7).
    /// </summary>
    public Task<SipResponse> NotifyAsync(int statusCode, string reason, CancellationToken ct = default)
    {
        if (statusCode is < 100 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A SIP status is 100-699.");
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return Dialog.NotifyTransferAsync(_referSeq, statusCode, reason, ct);
    }

    internal static SipTransfer? TryCreate(SipDialog dialog, SipRequest refer)
    {
        var referTo = refer.Headers.GetAll(ReferToHeader);
        // Exactly one Refer-To (RFC 3515 §2.4.1).
        if (referTo.Count != 1 || !NameAddress.TryParse(referTo[0], out var address))
        {
            return null;
        }
        var uri = address!.Uri;
        DialogReplacement? replaces = null;
        foreach (var header in (uri.HeaderPart ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = header.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && header[..equals].Equals(DialogReplacement.HeaderName, StringComparison.OrdinalIgnoreCase)
                && DialogReplacement.TryParse(Uri.UnescapeDataString(header[(equals + 1)..]), out var parsed))
            {
                replaces = parsed;
            }
        }
        var target = (uri with { HeaderPart = null }).ToString();
        return new SipTransfer(dialog, refer.CSeq!.Value.Number, target, refer.Headers[ReferredByHeader], replaces);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"REFER {_referSeq} to {ReferTo}");
}
