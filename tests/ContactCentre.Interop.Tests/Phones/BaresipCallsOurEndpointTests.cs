using ContactCentre.Interop.Tests.Peers;
using ContactCentre.Sip;
using Xunit.Abstractions;

namespace ContactCentre.Interop.Tests.Phones;

/// <summary>baresip as a caller's phone, our plain SipEndpoint and RtpSession as the desk that answers it.</summary>
[Trait("Category", "Interop")]
public sealed class BaresipCallsOurEndpointTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    // Half a second of 20 ms packets.
    private const int AudioAfterResume = 25;

    // Time for a repeated end packet or a duplicate INFO to show up after the last expected digit.
    private static readonly TimeSpan DuplicateWindow = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Baresip_holding_and_resuming_sends_sendonly_then_sendrecv_re_invites_that_we_answer_recvonly_then_sendrecv()
    {
        await using var desk = await AnsweringDesk.StartAsync();
        await using var phone = await BaresipRunner.StartAsync(new BaresipOptions("caller"), StartTimeout);

        await phone.DialAsync(desk.Uri);
        var dialog = await desk.WaitForCallAsync(Wait);
        await phone.WaitForEventAsync("CALL_ESTABLISHED", Wait);

        await phone.HoldAsync();
        await desk.WaitForSessionChangesAsync(1, Wait);
        await phone.ResumeAsync();
        await desk.WaitForSessionChangesAsync(2, Wait);
        // The caller is heard again once resumed (baresip sends nothing while it holds).
        var resumedAt = desk.Rtp.PacketsReceived;
        await desk.WaitForRtpPacketsAsync(resumedAt + AudioAfterResume, Wait);
        output.WriteLine($"Session changes: {string.Join(", ", desk.SessionChanges)}");

        var hold = desk.SessionChanges[0];
        Assert.True(hold.OfferedDirection is "sendonly" or "inactive", $"Hold offered a={hold.OfferedDirection}.\n{desk}");
        Assert.Equal(hold.OfferedDirection == "sendonly" ? "recvonly" : "inactive", hold.AnsweredDirection);
        Assert.Equal(new SessionChange(hold.Method, "sendrecv", "sendrecv"), desk.SessionChanges[1]);
        Assert.Equal(2, desk.SessionChanges.Count);
        // Both 200s were taken: the dialog's sessions are the resumed ones on both sides.
        Assert.Equal("sendrecv", Direction(dialog.RemoteSdp));
        Assert.Equal("sendrecv", Direction(dialog.LocalSdp));

        await phone.HangupAsync();
        await phone.WaitForEventAsync("CALL_CLOSED", Wait);
        Assert.Equal("remote BYE", await desk.WaitForHangupAsync(Wait));
        // baresip ends a call whose re-INVITE failed; only the BYE may have closed it.
        Assert.DoesNotContain(phone.Events, e => e.Type == "CALL_CLOSED" && e.Parameter != "Connection reset by user");
    }

    [Fact]
    public async Task Baresip_sending_1_2_3_hash_as_rfc_4733_events_is_heard_as_each_digit_once()
    {
        await using var desk = await AnsweringDesk.StartAsync();
        await using var phone = await BaresipRunner.StartAsync(new BaresipOptions("caller"), StartTimeout);

        await phone.DialAsync(desk.Uri);
        await desk.WaitForCallAsync(Wait);
        await phone.WaitForEventAsync("CALL_ESTABLISHED", Wait);

        await phone.SendDtmfAsync("123#");
        await desk.WaitForDigitsAsync(4, Wait);
        await Task.Delay(DuplicateWindow);
        output.WriteLine($"Digits: {string.Join(", ", desk.Digits)}");

        Assert.Equal(
            [new('1', DtmfCarrier.Rtp), new('2', DtmfCarrier.Rtp), new('3', DtmfCarrier.Rtp), new ReceivedDigit('#', DtmfCarrier.Rtp)],
            desk.Digits);

        await phone.HangupAsync();
        await phone.WaitForEventAsync("CALL_CLOSED", Wait);
        Assert.Equal("remote BYE", await desk.WaitForHangupAsync(Wait));
    }

    private static string? Direction(string sdp) =>
        SdpMessage.TryParse(sdp, out var parsed, out _) ? parsed!.Audio?.Direction : null;
}
