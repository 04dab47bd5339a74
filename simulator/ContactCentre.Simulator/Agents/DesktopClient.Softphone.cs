using System.Net;
using ContactCentre.Simulator.Phones;

namespace ContactCentre.Simulator.Agents;

/// <summary>The softphone messages of the desktop protocol (docs/agent-protocol.md, "Softphone").</summary>
public static class DesktopClientSoftphone
{
    /// <summary>The next <c>ring</c> message in <paramref name="state"/> (ringing, answered, ended).</summary>
    public static async Task<DesktopRing> NextRingAsync(this DesktopClient client, TimeSpan timeout, string state = "ringing") =>
        DesktopRing.From(await client.NextAsync("ring", timeout, m => m.TryGetProperty("state", out var s) && s.GetString() == state));

    public static Task WebRtcOfferAsync(this DesktopClient client, string call, string sdp) =>
        client.SendAsync(new { type = "webrtcOffer", call, sdp });

    /// <summary>Answers the ringing softphone call <paramref name="call"/> (after its webrtcOffer).</summary>
    public static Task AnswerAsync(this DesktopClient client, string call) => client.SendAsync(new { type = "answer", call });

    public static Task RejectAsync(this DesktopClient client, string call) => client.SendAsync(new { type = "reject", call });

    /// <summary>
    /// What a browser does when the softphone rings: opens a peer connection, sends its offer, takes the
    /// <c>webrtcAnswer</c>, and connects (ICE, DTLS) while the call still rings. The call is not answered yet: send
    /// <c>answer</c> next. An <c>error</c> instead of the answer throws with its message.
    /// </summary>
    public static async Task<SoftphoneCall> ConnectSoftphoneAsync(this DesktopClient client, DesktopRing ring, TimeSpan timeout, IPAddress? address = null)
    {
        var call = SoftphoneCall.Open(ring.Call, address);
        try
        {
            await client.WebRtcOfferAsync(ring.Call, call.CreateOffer());
            var reply = await client.NextAsync("webrtcAnswer", timeout, m => m.TryGetProperty("call", out var c) && c.GetString() == ring.Call);
            await call.ConnectAsync(reply.GetProperty("sdp").GetString()!, timeout);
            return call;
        }
        catch
        {
            await call.DisposeAsync();
            throw;
        }
    }
}
