using System.Net;

namespace ContactCentre.Sip.Tests;

/// <summary>Endpoints on 127.0.0.1 with short timers so 64*T1 clean-up happens within about a second.</summary>
internal static class TestEndpoints
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static SipEndpointOptions Options(int port = 0, bool tcp = true) => new(IPAddress.Loopback, port, tcp)
    {
        T1 = TimeSpan.FromMilliseconds(20),
        T2 = TimeSpan.FromMilliseconds(160),
        T4 = TimeSpan.FromMilliseconds(100),
    };

    public static Task<SipEndpoint> StartAsync(bool tcp = true) => SipEndpoint.StartAsync(Options(tcp: tcp));

    public static string Offer(int port = 40000) =>
        SdpMessage.CreateAudio(IPAddress.Loopback, port, [SdpFormat.Pcmu, SdpFormat.Pcma, SdpFormat.TelephoneEvent]).ToString();

    public static OutgoingCallOptions CallTo(SipEndpoint callee, string sdp, SipTransportKind transport = SipTransportKind.Udp) =>
        new(callee.ContactUri("queue-sales"), callee.LocalEndPoint, "sip:alice@example.com", "sip:queue-sales@cc.example.com", sdp)
        {
            FromDisplayName = "Alice",
            Transport = transport,
        };

    /// <summary>Waits for state that settles on a timer (transaction clean-up), polling without blocking a thread.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}");
            await Task.Delay(20);
        }
    }

    public static Task NothingLeftBehindAsync(params SipEndpoint[] endpoints) => EventuallyAsync(
        () => endpoints.All(e => e.ActiveTransactionCount == 0 && e.ActiveDialogCount == 0),
        "all transactions and dialogs are gone: " + string.Join(", ",
            endpoints.Select(e => $"{e.LocalEndPoint} tx={e.ActiveTransactionCount} dialogs={e.ActiveDialogCount}")));
}
