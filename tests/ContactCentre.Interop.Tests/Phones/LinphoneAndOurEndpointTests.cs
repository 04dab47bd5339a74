using System.Globalization;
using System.Net;
using ContactCentre.Interop.Tests.Peers;
using ContactCentre.Media;
using ContactCentre.Sip;
using Xunit.Abstractions;

namespace ContactCentre.Interop.Tests.Phones;

/// <summary>linphonec (liblinphone 5.1) calling our desk, and called and held by our endpoint.</summary>
[Trait("Category", "Interop")]
public sealed class LinphoneAndOurEndpointTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan DuplicateWindow = TimeSpan.FromSeconds(1);

    /// <param name="settings">[sip] lines of linphonec's rc.</param>
    [Theory]
    // liblinphone's default (use_rfc2833=1, use_info=0) with telephone-event in our answer.
    [InlineData(DtmfCarrier.Rtp, new string[0])]
    [InlineData(DtmfCarrier.SipInfo, new[] { "use_rfc2833=0", "use_info=1" })]
    public async Task Linphone_pressing_5_during_a_call_reaches_our_desk_as_one_digit(DtmfCarrier expected, string[] settings)
    {
        await using var desk = await AnsweringDesk.StartAsync();
        await using var phone = LinphoneRunner.Start(settings);
        await phone.SendAsync("soundcard use files");

        await phone.SendAsync($"call {desk.Uri}");
        var dialog = await WithOutputAsync(desk.WaitForCallAsync(Wait), phone);
        // liblinphone prints "connected" on our 200 and starts its streams; a line of digits at the prompt is sent as DTMF.
        await WaitForOutputAsync(phone, 1, "Call 1 with", "connected");
        await phone.SendAsync("5");
        await WithOutputAsync(desk.WaitForDigitsAsync(1, Wait), phone);
        await Task.Delay(DuplicateWindow);
        output.WriteLine($"Digits: {string.Join(", ", desk.Digits)}; linphone's offer:\n{dialog.RemoteSdp}");

        Assert.Equal([new ReceivedDigit('5', expected)], desk.Digits);

        await dialog.HangUpAsync();
        Assert.Equal("local BYE", await desk.WaitForHangupAsync(Wait));
    }

    [Fact]
    public async Task Linphone_pausing_and_resuming_a_call_to_our_desk_is_answered_recvonly_then_sendrecv()
    {
        await using var desk = await AnsweringDesk.StartAsync();
        await using var phone = LinphoneRunner.Start();
        await phone.SendAsync("soundcard use files");

        await phone.SendAsync($"call {desk.Uri}");
        var dialog = await WithOutputAsync(desk.WaitForCallAsync(Wait), phone);
        await WaitForOutputAsync(phone, 1, "Call 1 with", "connected");
        await phone.SendAsync("pause");
        await WithOutputAsync(desk.WaitForSessionChangesAsync(1, Wait), phone);
        await WaitForOutputAsync(phone, 1, "Call 1 with", "is now paused");
        await phone.SendAsync("resume");
        await WithOutputAsync(desk.WaitForSessionChangesAsync(2, Wait), phone);
        output.WriteLine($"Session changes: {string.Join(", ", desk.SessionChanges)}");

        var hold = desk.SessionChanges[0];
        Assert.True(hold.OfferedDirection is "sendonly" or "inactive", $"Pause offered a={hold.OfferedDirection}.\n{desk}");
        Assert.Equal(hold.OfferedDirection == "sendonly" ? "recvonly" : "inactive", hold.AnsweredDirection);
        Assert.Equal(new SessionChange(hold.Method, "sendrecv", "sendrecv"), desk.SessionChanges[1]);
        Assert.Equal(2, desk.SessionChanges.Count);
        // liblinphone takes our 200 to the resume and restarts its streams.
        await WaitForOutputAsync(phone, 2, "Media streams established", "call 1");

        await dialog.HangUpAsync();
        Assert.Equal("local BYE", await desk.WaitForHangupAsync(Wait));
    }

    [Fact]
    public async Task Our_endpoint_holding_an_auto_answering_linphone_with_sendonly_gets_a_recvonly_answer()
    {
        await using var endpoint = await SipEndpoint.StartAsync(new SipEndpointOptions(IPAddress.Loopback, 0, EnableTcp: false));
        using var rtp = RtpSession.Open(IPAddress.Loopback);
        await using var phone = LinphoneRunner.Start();
        await phone.SendAsync("soundcard use files");
        await phone.SendAsync("autoanswer enable");
        var port = phone.SipPort.ToString(CultureInfo.InvariantCulture);
        var target = $"sip:agent@{LoopbackPorts.Address}:{port}";
        const ulong sessionId = 4242;

        var offer = Offer(rtp, sessionId, 1, "sendrecv");
        var result = await WithOutputAsync(endpoint.InviteAsync(new OutgoingCallOptions(
            target, new IPEndPoint(IPAddress.Loopback, phone.SipPort), "sip:queue-sales@127.0.0.1", target, offer)), phone);
        Assert.True(result.Answered, $"linphonec answered {result.FinalResponse.StatusCode} {result.FinalResponse.Reason}\n{phone.Output}");
        var dialog = result.Dialog!;

        var hold = await WithOutputAsync(dialog.ReinviteAsync(Offer(rtp, sessionId, 2, "sendonly")), phone);
        output.WriteLine($"Hold answered {hold.StatusCode} {hold.Reason}:\n{hold.BodyText}");
        Assert.Equal(200, hold.StatusCode);
        Assert.True(Direction(hold.BodyText) is "recvonly" or "inactive", $"linphone answered the hold with:\n{hold.BodyText}");
        Assert.Equal(hold.BodyText, dialog.RemoteSdp);

        var resume = await WithOutputAsync(dialog.ReinviteAsync(Offer(rtp, sessionId, 3, "sendrecv")), phone);
        Assert.Equal(200, resume.StatusCode);
        Assert.Equal("sendrecv", Direction(resume.BodyText));

        await dialog.HangUpAsync();
        await WaitForOutputAsync(phone, 1, "Call 1 with", "ended");
    }

    private static string Offer(RtpSession rtp, ulong sessionId, int version, string direction) =>
        new SdpMessage
        {
            Origin = $"- {sessionId.ToString(CultureInfo.InvariantCulture)} {version.ToString(CultureInfo.InvariantCulture)} IN IP4 {LoopbackPorts.Address}",
            SessionConnectionAddress = LoopbackPorts.Address,
            Media = SdpMessage.CreateAudio(IPAddress.Loopback, rtp.LocalEndPoint.Port, [SdpFormat.Pcmu, SdpFormat.TelephoneEvent], direction).Media,
        }.ToString();

    private static string? Direction(string sdp) =>
        SdpMessage.TryParse(sdp, out var parsed, out _) ? parsed!.Audio?.Direction : null;

    private static async Task<T> WithOutputAsync<T>(Task<T> task, LinphoneRunner phone)
    {
        try
        {
            return await task.WaitAsync(Wait);
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException($"{error.Message}\nlinphonec output:\n{phone.Output}", error);
        }
    }

    private static async Task WithOutputAsync(Task task, LinphoneRunner phone)
    {
        try
        {
            await task.WaitAsync(Wait);
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException($"{error.Message}\nlinphonec output:\n{phone.Output}", error);
        }
    }

    /// <summary>Waits until linphonec has printed <paramref name="count"/> lines that contain all of <paramref name="parts"/>.</summary>
    private static async Task WaitForOutputAsync(LinphoneRunner phone, int count, params string[] parts)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (phone.Output.Split('\n').Count(line => parts.All(part => line.Contains(part, StringComparison.OrdinalIgnoreCase))) < count)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"linphonec printed [{string.Join(" … ", parts)}] fewer than {count} times.\nlinphonec output:\n{phone.Output}");
            await Task.Delay(50);
        }
    }
}
