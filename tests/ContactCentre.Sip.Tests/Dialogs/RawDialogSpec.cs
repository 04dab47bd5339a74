using System.Globalization;

namespace ContactCentre.Sip.Tests;

/// <summary>In-dialog rules seen from a hand-driven peer: CSeq order, route sets, 2xx retransmission, glare.</summary>
[Trait("Category", "Integration")]
public sealed class RawDialogSpec : IAsyncLifetime
{
    private readonly RawUdpPeer _peer = new();
    private readonly RawUdpPeer _proxy = new();
    private SipEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await TestEndpoints.StartAsync();

    public async Task DisposeAsync()
    {
        _peer.Dispose();
        _proxy.Dispose();
        await _endpoint.DisposeAsync();
    }

    /// <summary>The raw peer calls the endpoint, which answers; returns the endpoint's dialog and its tag.</summary>
    private async Task<(SipDialog Dialog, string Tag)> ConnectAsync(string callId, uint cseq = 1, params string[] extraHeaders)
    {
        var answered = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        _endpoint.OnInvite = async call => answered.SetResult(await call.AcceptAsync(TestEndpoints.Offer(41000)));
        var invite = _peer.Request("INVITE", $"z9hG4bK{callId}inv", callId, cseq: cseq, body: TestEndpoints.Offer()).ToList();
        invite.InsertRange(1, extraHeaders);
        await _peer.SendAsync(_endpoint.LocalEndPoint, [.. invite]);
        var ok = await _peer.ReceiveAsync<SipResponse>(r => r.StatusCode == 200);
        await _peer.SendAsync(_endpoint.LocalEndPoint, _peer.Request("ACK", $"z9hG4bK{callId}ack", callId, toTag: ok.ToTag!, cseq: cseq));
        return (await answered.Task.WaitAsync(TestEndpoints.Timeout), ok.ToTag!);
    }

    [Fact]
    public async Task A_request_with_a_lower_cseq_than_the_last_one_gets_500()
    {
        var (_, tag) = await ConnectAsync("cseq-order", cseq: 10);

        await _peer.SendAsync(_endpoint.LocalEndPoint, _peer.Request("INFO", "z9hG4bKinfo12", "cseq-order", toTag: tag, cseq: 12));
        var inOrder = await _peer.ReceiveAsync<SipResponse>(r => r.CSeq?.Number == 12);
        await _peer.SendAsync(_endpoint.LocalEndPoint, _peer.Request("INFO", "z9hG4bKinfo11", "cseq-order", toTag: tag, cseq: 11));
        var outOfOrder = await _peer.ReceiveAsync<SipResponse>(r => r.CSeq?.Number == 11);

        Assert.Equal(200, inOrder.StatusCode);
        Assert.Equal(500, outOfOrder.StatusCode);
    }

    [Fact]
    public async Task A_bye_follows_the_record_route_of_the_invite_through_a_loose_router()
    {
        var route = $"<sip:127.0.0.1:{_proxy.Port.ToString(CultureInfo.InvariantCulture)};lr>";
        var (dialog, _) = await ConnectAsync("loose-route", 1, $"Record-Route: {route}");

        var hangUp = dialog.HangUpAsync();
        var bye = await _proxy.ReceiveAsync<SipRequest>(r => r.Method == "BYE");
        await _proxy.SendAsync(_endpoint.LocalEndPoint, SipResponses.Create(bye, 200, "OK").ToBytes());
        await hangUp.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal([route], dialog.RouteSet);
        Assert.Equal($"sip:raw@127.0.0.1:{_peer.Port.ToString(CultureInfo.InvariantCulture)}", bye.RequestUri);
        Assert.Equal([route], bye.Headers.GetAll("Route"));
    }

    [Fact]
    public async Task A_strict_router_gets_the_request_uri_and_the_remote_target_goes_last_in_route()
    {
        var route = $"<sip:127.0.0.1:{_proxy.Port.ToString(CultureInfo.InvariantCulture)}>";
        var (dialog, _) = await ConnectAsync("strict-route", 1, $"Record-Route: {route}");

        _ = dialog.HangUpAsync();
        var bye = await _proxy.ReceiveAsync<SipRequest>(r => r.Method == "BYE");

        Assert.Equal($"sip:127.0.0.1:{_proxy.Port.ToString(CultureInfo.InvariantCulture)}", bye.RequestUri);
        Assert.Equal([$"<sip:raw@127.0.0.1:{_peer.Port.ToString(CultureInfo.InvariantCulture)}>"], bye.Headers.GetAll("Route"));
    }

    [Fact]
    public async Task The_ack_of_an_outgoing_call_goes_through_the_record_routed_proxy()
    {
        var call = _endpoint.InviteAsync(TestEndpoints.CallTo(_endpoint, TestEndpoints.Offer()) with { Destination = _peer.LocalEndPoint });
        var invite = await _peer.ReceiveAsync<SipRequest>(r => r.Method == "INVITE");
        var ok = SipResponses.Create(invite, 200, "OK", "rawtag");
        var route = $"<sip:127.0.0.1:{_proxy.Port.ToString(CultureInfo.InvariantCulture)};lr>";
        ok.Headers.Add("Record-Route", route);
        ok.Headers.Add("Contact", $"<sip:raw@127.0.0.1:{_peer.Port.ToString(CultureInfo.InvariantCulture)}>");
        await _peer.SendAsync(_endpoint.LocalEndPoint, ok.ToBytes());

        var ack = await _proxy.ReceiveAsync<SipRequest>(r => r.Method == "ACK");
        var result = await call.WaitAsync(TestEndpoints.Timeout);

        Assert.True(result.Answered);
        Assert.Equal([route], ack.Headers.GetAll("Route"));
        Assert.Equal($"sip:raw@127.0.0.1:{_peer.Port.ToString(CultureInfo.InvariantCulture)}", ack.RequestUri);
    }

    [Fact]
    public async Task The_2xx_to_a_received_re_invite_is_repeated_until_its_ack()
    {
        var (dialog, tag) = await ConnectAsync("reinvite-retx");
        dialog.RequestReceived += request => request.RespondAsync(200, "OK", "application/sdp",
            System.Text.Encoding.UTF8.GetBytes(ConnectedCall.Sdp(41002, "recvonly")));

        await _peer.SendAsync(_endpoint.LocalEndPoint,
            _peer.Request("INVITE", "z9hG4bKreinv", "reinvite-retx", toTag: tag, cseq: 2, body: ConnectedCall.Sdp(40002, "sendonly")));
        var first = await _peer.ReceiveAsync<SipResponse>(r => r.StatusCode == 200 && r.CSeq?.Number == 2);
        var repeated = await _peer.ReceiveAsync<SipResponse>(r => r.StatusCode == 200 && r.CSeq?.Number == 2);
        await _peer.SendAsync(_endpoint.LocalEndPoint, _peer.Request("ACK", "z9hG4bKreack", "reinvite-retx", toTag: tag, cseq: 2));

        Assert.Equal(first.ToString(), repeated.ToString());
        Assert.NotNull(first.Headers["Contact"]);
        await TestEndpoints.EventuallyAsync(() => _endpoint.ActiveServerTransactionCount == 0, "the ACK ends the re-INVITE");
        Assert.False(dialog.IsTerminated);
        Assert.Contains("a=sendonly", dialog.RemoteSdp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_re_invite_2xx_never_acked_ends_the_call_with_bye()
    {
        var (dialog, tag) = await ConnectAsync("reinvite-noack");
        dialog.RequestReceived += request => request.RespondAsync(200, "OK", "application/sdp",
            System.Text.Encoding.UTF8.GetBytes(ConnectedCall.Sdp(41002, "recvonly")));

        await _peer.SendAsync(_endpoint.LocalEndPoint,
            _peer.Request("INVITE", "z9hG4bKnoack2", "reinvite-noack", toTag: tag, cseq: 2, body: ConnectedCall.Sdp(40002, "sendonly")));
        var bye = await _peer.ReceiveAsync<SipRequest>(r => r.Method == "BYE");

        Assert.Equal("reinvite-noack", bye.CallId);
        Assert.True(dialog.IsTerminated);
    }

    [Fact]
    public async Task Crossing_re_invites_are_answered_491_on_both_sides()
    {
        var (dialog, tag) = await ConnectAsync("glare");

        var ours = dialog.ReinviteAsync(ConnectedCall.Sdp(41002, "sendonly"));
        var theirsAtPeer = await _peer.ReceiveAsync<SipRequest>(r => r.Method == "INVITE");
        await _peer.SendAsync(_endpoint.LocalEndPoint,
            _peer.Request("INVITE", "z9hG4bKglare", "glare", toTag: tag, cseq: 2, body: ConnectedCall.Sdp(40002, "sendonly")));
        var pending = await _peer.ReceiveAsync<SipResponse>(r => r.CSeq is (2, "INVITE") && r.StatusCode >= 200);
        await _peer.SendAsync(_endpoint.LocalEndPoint, SipResponses.Create(theirsAtPeer, 491, "Request Pending").ToBytes());
        var ack = await _peer.ReceiveAsync<SipRequest>(r => r.Method == "ACK");
        var response = await ours.WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(491, pending.StatusCode);
        Assert.Equal(491, response.StatusCode);
        Assert.Equal(theirsAtPeer.TopVia, ack.TopVia);
        Assert.False(dialog.IsTerminated);
    }

    [Fact]
    public async Task A_cancelled_re_invite_gets_487_and_the_next_one_is_handled()
    {
        var (dialog, tag) = await ConnectAsync("reinvite-cancel");
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = 0;
        dialog.RequestReceived += async request =>
        {
            if (Interlocked.Increment(ref handled) == 1)
            {
                first.SetResult();
                await release.Task;
            }
            await request.RespondAsync(200, "OK", "application/sdp", System.Text.Encoding.UTF8.GetBytes(ConnectedCall.Sdp(41002, "recvonly")));
        };
        var reinvite = _peer.Request("INVITE", "z9hG4bKtocancel", "reinvite-cancel", toTag: tag, cseq: 2, body: ConnectedCall.Sdp(40002, "sendonly"));

        await _peer.SendAsync(_endpoint.LocalEndPoint, reinvite);
        await first.Task.WaitAsync(TestEndpoints.Timeout);
        await _peer.SendAsync(_endpoint.LocalEndPoint, _peer.Request("CANCEL", "z9hG4bKtocancel", "reinvite-cancel", toTag: tag, cseq: 2));
        var terminated = await _peer.ReceiveAsync<SipResponse>(r => r.CSeq is (2, "INVITE") && r.StatusCode >= 200);
        release.SetResult();
        await _peer.SendAsync(_endpoint.LocalEndPoint, _peer.Request("ACK", "z9hG4bKtocancel", "reinvite-cancel", toTag: tag, cseq: 2));
        await _peer.SendAsync(_endpoint.LocalEndPoint,
            _peer.Request("INVITE", "z9hG4bKafter", "reinvite-cancel", toTag: tag, cseq: 3, body: ConnectedCall.Sdp(40002, "inactive")));
        var next = await _peer.ReceiveAsync<SipResponse>(r => r.CSeq is (3, "INVITE") && r.StatusCode >= 200);

        Assert.Equal(487, terminated.StatusCode);
        Assert.Equal(tag, terminated.ToTag);
        Assert.Equal(200, next.StatusCode);
    }
}
