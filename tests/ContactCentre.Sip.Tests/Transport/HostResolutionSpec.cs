using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Sip.Tests;

/// <summary>Request targets named by host name: resolved by A/AAAA, and a clear failure when a name has no address.</summary>
[Trait("Category", "Integration")]
public sealed class HostResolutionSpec
{
    // RFC 6761 §6.4: names under .invalid never resolve, so this needs no network to fail.
    private const string Unresolvable = "no-such-host.invalid";

    [Fact]
    public async Task Localhost_resolves_to_the_loopback_address_of_the_bound_family()
    {
        await using var endpoint = await TestEndpoints.StartAsync();

        var resolved = await endpoint.ResolveAsync(SipUri.Parse("sip:agent7@localhost:5070")).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 5070), resolved);
    }

    [Fact]
    public async Task The_bound_family_is_preferred_when_a_name_has_both()
    {
        var resolver = new SipHostResolver(TestEndpoints.Timeout,
            (_, _) => Task.FromResult(new[] { IPAddress.IPv6Loopback, IPAddress.Loopback }));

        var v4 = await resolver.ResolveAsync(SipUri.Parse("sip:pbx.example.com"), AddressFamily.InterNetwork);
        var v6 = await resolver.ResolveAsync(SipUri.Parse("sips:pbx.example.com"), AddressFamily.InterNetworkV6);

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 5060), v4);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 5061), v6);
    }

    [Fact]
    public async Task An_unresolvable_name_fails_naming_the_host()
    {
        await using var endpoint = await TestEndpoints.StartAsync();

        var failure = await Assert.ThrowsAsync<SipHostNotResolvedException>(() =>
            endpoint.ResolveAsync(SipUri.Parse($"sip:agent7@{Unresolvable}")).WaitAsync(TestEndpoints.Timeout));

        Assert.Equal(Unresolvable, failure.Host);
        Assert.Contains(Unresolvable, failure.Message);
    }

    [Fact]
    public async Task A_lookup_that_never_answers_fails_after_the_timeout()
    {
        var never = new TaskCompletionSource<IPAddress[]>();
        var resolver = new SipHostResolver(TimeSpan.FromMilliseconds(50), (_, _) => never.Task);

        var failure = await Assert.ThrowsAsync<SipHostNotResolvedException>(() =>
            resolver.ResolveAsync(SipUri.Parse("sip:slow.example.com"), AddressFamily.InterNetwork).WaitAsync(TestEndpoints.Timeout));

        Assert.Equal("slow.example.com", failure.Host);
    }

    [Fact]
    public async Task A_request_to_a_host_name_reaches_the_endpoint_it_names()
    {
        await using var caller = await TestEndpoints.StartAsync();
        await using var callee = await TestEndpoints.StartAsync();
        var request = new SipRequest(SipMethods.Options, $"sip:queue-sales@localhost:{callee.LocalEndPoint.Port};transport=tcp");

        var response = await caller.SendToRequestTargetAsync(request).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(1, callee.TcpConnectionCount);
    }

    [Fact]
    public async Task A_route_through_a_host_name_is_followed()
    {
        await using var caller = await TestEndpoints.StartAsync();
        await using var proxy = await TestEndpoints.StartAsync();
        var request = new SipRequest(SipMethods.Options, $"sip:queue-sales@{Unresolvable}");
        request.Headers.Add(HeaderNames.Route, $"<sip:localhost:{proxy.LocalEndPoint.Port};lr>");

        var response = await caller.SendToRequestTargetAsync(request).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task A_request_to_an_unresolvable_name_gets_a_503_naming_it()
    {
        await using var caller = await TestEndpoints.StartAsync();
        var request = new SipRequest(SipMethods.Options, $"sip:queue-sales@{Unresolvable}");

        var response = await caller.SendToRequestTargetAsync(request).WaitAsync(TestEndpoints.Timeout);

        Assert.Equal(503, response.StatusCode);
        Assert.Contains(Unresolvable, response.Reason);
        Assert.Equal(0, caller.ActiveClientTransactionCount);
    }
}
