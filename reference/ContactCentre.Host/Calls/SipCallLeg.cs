using ContactCentre.Media;
using ContactCentre.Sip;

namespace ContactCentre.Host.Calls;

/// <summary>
/// A call leg on the wire: a SIP dialog and its RTP session. It ends when the dialog ends (the party's BYE) or when it
/// is hung up (our BYE); its media goes first, at once.
/// </summary>
public sealed class SipCallLeg : RtpCallLeg
{
    private readonly SipDialog _dialog;

    public SipCallLeg(string id, SipDialog dialog, RtpSession media, PromptLibrary prompts)
        : base(id, media, prompts)
    {
        _dialog = dialog;
        dialog.Terminated += (_, reason) => EndOnce(reason);
        if (dialog.IsTerminated) EndOnce("ended before it was attached");
    }

    public override async Task HangUpAsync()
    {
        // Media goes first and at once, so that no socket outlives the call even when the BYE cannot be sent.
        EndOnce("local hang-up");
        if (_dialog.IsTerminated) return;
        try
        {
            await _dialog.HangUpAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The BYE may time out or fail when the peer or our endpoint is gone; the leg is over all the same.
        }
    }

    protected override void ReleaseMedia() => Media.Dispose();
}
