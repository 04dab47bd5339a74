using System.Net;
using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Sessions;

/// <summary>The shared receive threads (epoll, gathering, recvmmsg) under a burst on many sockets at once.</summary>
[Trait("Category", "Integration")]
[Collection(SocketCollection.Name)]
public sealed class ReceiveThreadsTests
{
    [Fact]
    public async Task A_burst_on_many_sessions_is_delivered_whole_once_each_and_in_order_per_session()
    {
        const int Sessions = 40;
        const int PacketsEach = 20;
        using var peer = new RawRtpPeer();
        var sessions = Enumerable.Range(0, Sessions).Select(_ => RtpSession.Open(IPAddress.Loopback)).ToArray();
        var heard = sessions.Select(_ => new List<short>()).ToArray();
        int total = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            for (var s = 0; s < Sessions; s++)
            {
                var list = heard[s];
                sessions[s].AudioReceived += pcm =>
                {
                    // The first sample says which packet this was: each session is served by one thread at a time.
                    list.Add(pcm[0]);
                    if (Interlocked.Increment(ref total) == Sessions * PacketsEach)
                    {
                        all.TrySetResult();
                    }
                };
            }

            // Back to back, more per socket than one receive call takes (8), so some sockets are read several times.
            for (var p = 0; p < PacketsEach; p++)
            {
                var payload = new byte[160];
                Array.Fill(payload, G711.LinearToMuLaw((short)(p * 1000)));
                for (var s = 0; s < Sessions; s++)
                {
                    await peer.SendRtpAsync(sessions[s].LocalEndPoint, 0, p == 0, (ushort)p, (uint)(p * 160), 0x4242, payload);
                }
            }

            await all.Task.WaitAsync(RawRtpPeer.Patience);
            var expected = Enumerable.Range(0, PacketsEach).Select(p => G711.MuLawToLinear(G711.LinearToMuLaw((short)(p * 1000)))).ToArray();
            Assert.All(heard, list => Assert.Equal(expected, list));
            Assert.All(sessions, session => Assert.Equal(PacketsEach, session.PacketsReceived));
        }
        finally
        {
            foreach (var session in sessions)
            {
                session.Dispose();
            }
        }
    }
}
