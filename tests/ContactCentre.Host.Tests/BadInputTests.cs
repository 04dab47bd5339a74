using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using ContactCentre.Host.Hosting;
using ContactCentre.Media;
using ContactCentre.Sip;
using ContactCentre.Simulator.Callers;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Host.Tests;

/// <summary>What a peer gets for a wrong number, an unusable offer or a broken message, and that nothing is left behind.</summary>
[Trait("Category", "Integration")]
public sealed class BadInputTests : IAsyncLifetime
{
    private RunningContactCentre _centre = null!;
    private SimulatedPhone _phone = null!;
    private int _sessionsBefore;

    public async Task InitializeAsync()
    {
        _sessionsBefore = RtpSession.OpenSessionCount;
        _centre = await RunningContactCentre.StartAsync();
        _phone = await SimulatedPhone.StartAsync("+358401234567");
    }

    public async Task DisposeAsync()
    {
        await _phone.DisposeAsync();
        await _centre.DisposeAsync();
    }

    [Fact]
    public async Task A_call_to_an_unknown_number_gets_404_and_leaves_nothing_behind()
    {
        var (response, call) = await _phone.DialAsync(_centre.Host.SipEndPoint, "0209999999");
        Assert.Null(call);
        Assert.Equal(404, response.StatusCode);
        await AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_call_offering_no_codec_we_speak_gets_488()
    {
        _phone.Codecs = [new SdpFormat(9, "G722", 8000)];
        var (response, call) = await _phone.DialAsync(_centre.Host.SipEndPoint, "0201234567");
        Assert.Null(call);
        Assert.Equal(488, response.StatusCode);
        await AssertNothingLeftAsync();
    }

    [Fact]
    public async Task OPTIONS_is_answered_200_as_a_liveness_probe()
    {
        var response = await _phone.ProbeAsync(_centre.Host.SipEndPoint);
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task OPTIONS_over_TCP_is_answered_200_on_the_same_port()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_centre.Host.SipEndPoint);
        var local = (IPEndPoint)tcp.Client.LocalEndPoint!;
        var options = $"""
            OPTIONS sip:{_centre.Host.SipEndPoint} SIP/2.0
            Via: SIP/2.0/TCP 127.0.0.1:{local.Port};branch=z9hG4bK-tcp-1
            Max-Forwards: 70
            From: <sip:probe@127.0.0.1>;tag=1
            To: <sip:{_centre.Host.SipEndPoint}>
            Call-ID: tcp-probe-1
            CSeq: 1 OPTIONS
            Content-Length: 0


            """.ReplaceLineEndings("\r\n");
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(options));
        var buffer = new byte[4096];
        var read = 0;
        // Read until the end of the header block (the response has no body).
        while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read)).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.True(n > 0, "the host closed the TCP connection without answering");
            read += n;
        }
        Assert.StartsWith("SIP/2.0 200", Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task A_malformed_request_gets_400_naming_the_fault_garbage_is_dropped_and_the_host_keeps_serving()
    {
        using var raw = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)raw.Client.LocalEndPoint!;
        var noCallId = $"""
            INVITE sip:0201234567@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:{local.Port};branch=z9hG4bK-bad-1
            Max-Forwards: 70
            From: <sip:x@127.0.0.1>;tag=1
            To: <sip:0201234567@127.0.0.1>
            CSeq: 1 INVITE
            Content-Length: 0


            """.ReplaceLineEndings("\r\n");
        await raw.SendAsync(Encoding.ASCII.GetBytes("\u0001\u0002 not SIP at all \r\n\r\n"), _centre.Host.SipEndPoint);
        await raw.SendAsync(Encoding.ASCII.GetBytes(noCallId), _centre.Host.SipEndPoint);

        var reply = await raw.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(SipParser.TryParse(reply.Buffer, out var message, out _));
        var response = Assert.IsType<SipResponse>(message);
        Assert.Equal(400, response.StatusCode);
        Assert.Contains("Call-ID", response.Reason, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(200, (await _phone.ProbeAsync(_centre.Host.SipEndPoint)).StatusCode);
        await AssertNothingLeftAsync();
    }

    private async Task AssertNothingLeftAsync()
    {
        Assert.Equal(0, _centre.Host.Sip.ActiveDialogCount);
        Assert.Equal(_sessionsBefore, RtpSession.OpenSessionCount);
        // No call actor was started for a refused call.
        await Assert.ThrowsAsync<ActorNotFoundException>(() =>
            _centre.Host.ActorSystem.ActorSelection("/user/call-*").ResolveOne(TimeSpan.FromMilliseconds(300)));
    }
}

[Trait("Category", "Integration")]
public sealed class StartupTests
{
    [Fact]
    public async Task A_SIP_port_in_use_stops_the_start_naming_the_port()
    {
        await using var first = await RunningContactCentre.StartAsync();
        var port = first.Host.SipEndPoint.Port;
        var e = await Assert.ThrowsAsync<StartupException>(() => RunningContactCentre.StartAsync($"--Sip:Port={port}"));
        Assert.Contains($"SIP port 127.0.0.1:{port}", e.Message);
    }

    [Fact]
    public async Task A_web_port_in_use_stops_the_start_naming_the_port()
    {
        await using var first = await RunningContactCentre.StartAsync();
        var port = first.Host.WebUri.Port;
        var e = await Assert.ThrowsAsync<StartupException>(() => RunningContactCentre.StartAsync($"--Web:Port={port}"));
        Assert.Contains($"web port 127.0.0.1:{port}", e.Message);
    }

    [Fact]
    public async Task Stopping_with_a_call_in_progress_hangs_it_up_and_releases_its_media()
    {
        var before = RtpSession.OpenSessionCount;
        var centre = await RunningContactCentre.StartAsync();
        await using (var caller = await SimulatedCaller.StartAsync())
        {
            var call = await caller.CallAsync(centre.Host.SipEndPoint, "0201234567");
            Assert.True(await call.Heard.WaitForPromptAsync(RunningContactCentre.Prompt("welcome"), TimeSpan.FromSeconds(20)));
            await centre.DisposeAsync();
            Assert.Equal("remote BYE", await call.Ended.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        // The BYE goes out as the call ends; its media is released right after, on the call's own thread.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (RtpSession.OpenSessionCount > before && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(before, RtpSession.OpenSessionCount);
    }

    [Theory]
    [InlineData("--Sip:Port=70000", "Setting 'Sip:Port' is '70000', which is not a port number")]
    [InlineData("--Routing:OfferTimeoutSeconds=soon", "Setting 'Routing:OfferTimeoutSeconds' is 'soon', which is not a whole number of seconds above 0.")]
    [InlineData("--Sip:RateLimitPerSecond=0", "Setting 'Sip:RateLimitPerSecond' is '0', which is not a whole number of requests per second above 0.")]
    [InlineData("--Sip:DigestAlgorithms=SHA-1", "Setting 'Sip:DigestAlgorithms' names 'SHA-1', which is not a digest algorithm")]
    public async Task A_bad_setting_stops_the_start_naming_the_setting(string setting, string message)
    {
        var e = await Assert.ThrowsAsync<StartupException>(() => ContactCentreHost.StartAsync(["--Web:Port=0", setting]));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public async Task An_unusable_data_folder_stops_the_start_naming_the_path()
    {
        var file = Path.GetTempFileName();
        try
        {
            var e = await Assert.ThrowsAsync<StartupException>(() => ContactCentreHost.StartAsync(
                ["--Sip:Port=0", "--Web:Port=0", $"--Data:Path={file}/data"]));
            Assert.Contains($"data folder '{file}/data'", e.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
