namespace ContactCentre.Sip.Tests;

/// <summary>Two endpoints with an answered call between them: the caller's dialog and the callee's.</summary>
internal sealed class ConnectedCall : IAsyncDisposable
{
    private ConnectedCall(SipEndpoint caller, SipEndpoint callee, SipDialog callerDialog, SipDialog calleeDialog)
    {
        Caller = caller;
        Callee = callee;
        CallerDialog = callerDialog;
        CalleeDialog = calleeDialog;
    }

    public SipEndpoint Caller { get; }

    public SipEndpoint Callee { get; }

    public SipDialog CallerDialog { get; }

    public SipDialog CalleeDialog { get; }

    public static async Task<ConnectedCall> StartAsync(SipTransportKind transport = SipTransportKind.Udp)
    {
        var caller = await TestEndpoints.StartAsync();
        var callee = await TestEndpoints.StartAsync();
        var answered = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        callee.OnInvite = async call => answered.SetResult(await call.AcceptAsync(TestEndpoints.Offer(50000)));
        var result = await caller.InviteAsync(TestEndpoints.CallTo(callee, TestEndpoints.Offer(40000), transport))
            .WaitAsync(TestEndpoints.Timeout);
        Assert.True(result.Answered, $"the call was answered, not {result.FinalResponse.StatusCode}");
        return new ConnectedCall(caller, callee, result.Dialog!, await answered.Task.WaitAsync(TestEndpoints.Timeout));
    }

    public static string Sdp(int port, string direction) =>
        SdpMessage.CreateAudio(System.Net.IPAddress.Loopback, port, [SdpFormat.Pcmu], direction).ToString();

    public async ValueTask DisposeAsync()
    {
        await Caller.DisposeAsync();
        await Callee.DisposeAsync();
    }
}
