using System.Net;
using ContactCentre.Host.Calls;
using ContactCentre.Media;
using ContactCentre.Sip;

namespace ContactCentre.Host.AudioLibrary;

/// <summary>
/// The recording number: answers its calls and runs a <see cref="RecordingCall"/> on each, outside the
/// contact centre's call actors (an admin's tool call is not a customer call and has no flow or queue).
/// </summary>
public sealed class RecordingLine(
    RecordingLineSettings settings,
    AudioStore store,
    PromptLibrary prompts,
    IPAddress mediaAddress,
    TimeProvider time,
    ILogger<RecordingLine> log)
{
    /// <summary>Whether the INVITE dialled the recording number (the Request-URI's user part, '+' ignored).</summary>
    public bool Answers(IncomingCall call) =>
        SipUri.TryParse(call.Invite.RequestUri, out var uri)
        && string.Equals(uri?.User?.TrimStart('+'), settings.Number.TrimStart('+'), StringComparison.Ordinal);

    public async Task OnInviteAsync(IncomingCall call)
    {
        if (!SdpMessage.TryParse(call.Invite.BodyText, out var offer, out _) || offer is null
            || SdpNegotiation.Choose(offer, SipMediaOffer.SupportedCodecs) is not { } choice)
        {
            await call.RejectAsync(488, "Not Acceptable Here");
            return;
        }
        var media = RtpSession.Open(mediaAddress);
        SipDialog dialog;
        try
        {
            SipMediaOffer.Apply(media, choice);
            dialog = await call.AcceptAsync(SipMediaOffer.Answer(media, choice));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            media.Dispose();
            log.LogWarning("Recording call from {Remote} failed before it was answered: {Error}", call.RemoteEndPoint, e.Message);
            return;
        }
        log.LogInformation("Recording call {CallId} from {Remote} answered", dialog.CallId, call.RemoteEndPoint);
        _ = RunAsync(dialog, media);
    }

    private async Task RunAsync(SipDialog dialog, RtpSession media)
    {
        using var ended = new CancellationTokenSource();
        dialog.Terminated += (_, _) => ended.Cancel();
        if (dialog.IsTerminated) ended.Cancel();
        var conversation = new RecordingCall(media, settings.Pin, store, prompts, time, log);
        try
        {
            await conversation.RunAsync(ended.Token);
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The admin hung up; nothing is saved that was not confirmed with 1.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogError(e, "Recording call {CallId} failed", dialog.CallId);
        }
        finally
        {
            conversation.Discard();
            media.Dispose();
            if (!dialog.IsTerminated)
            {
                try
                {
                    await dialog.HangUpAsync();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The BYE may fail when the phone is gone; the call is over all the same.
                }
            }
        }
    }
}
