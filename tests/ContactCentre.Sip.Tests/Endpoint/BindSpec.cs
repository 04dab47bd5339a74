using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Integration")]
public sealed class BindSpec
{
    [Fact]
    public async Task A_udp_port_in_use_throws_naming_the_port_and_transport()
    {
        using var squatter = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)squatter.Client.LocalEndPoint!).Port;

        var error = await Assert.ThrowsAsync<SipBindException>(() => SipEndpoint.StartAsync(TestEndpoints.Options(port)));

        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Contains("UDP", error.Message);
    }

    [Fact]
    public async Task A_tcp_port_in_use_throws_naming_the_port_and_transport()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<SipBindException>(() => SipEndpoint.StartAsync(TestEndpoints.Options(port)));

        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Contains("TCP", error.Message);
    }

    [Fact]
    public async Task An_ephemeral_endpoint_listens_on_the_same_port_for_udp_and_tcp()
    {
        await using var endpoint = await SipEndpoint.StartAsync(TestEndpoints.Options());
        using var client = new TcpClient();

        await client.ConnectAsync(endpoint.LocalEndPoint).WaitAsync(TestEndpoints.Timeout);

        Assert.NotEqual(0, endpoint.LocalEndPoint.Port);
        Assert.Equal($"sip:agent@127.0.0.1:{endpoint.LocalEndPoint.Port}", endpoint.ContactUri("agent"));
    }
}
