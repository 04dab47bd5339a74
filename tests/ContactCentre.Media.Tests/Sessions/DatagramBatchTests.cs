using System.Net;
using System.Net.Sockets;
using ContactCentre.Media.Tests.Support;

namespace ContactCentre.Media.Tests.Sessions;

/// <summary>
/// Several datagrams per call on real loopback sockets, through recvmmsg/sendmmsg where the platform has them and
/// through the one-call-per-datagram fallback, which must give the same results.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SocketCollection.Name)]
public sealed class DatagramBatchTests
{
    private static readonly TimeSpan Patience = RawRtpPeer.Patience;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void One_send_delivers_each_queued_datagram_to_its_own_address_in_order(bool native)
    {
        using var sender = Open();
        using var first = Open();
        using var second = Open();
        var batch = new DatagramBatch(8, 256, native);
        for (byte i = 0; i < 6; i++)
        {
            Assert.True(batch.TryAdd([i, (byte)(i * 3), 0xAB], ((i % 2 == 0) ? first : second).LocalEndPoint!.Serialize()));
        }

        Assert.Equal(6, batch.Send(sender));
        Assert.Equal(0, batch.Count);

        Assert.Equal(new byte[][] { [0, 0, 0xAB], [2, 6, 0xAB], [4, 12, 0xAB] }, ReceiveAll(first, 3, native).Select(d => d.Data));
        var atSecond = ReceiveAll(second, 3, native);
        Assert.Equal(new byte[][] { [1, 3, 0xAB], [3, 9, 0xAB], [5, 15, 0xAB] }, atSecond.Select(d => d.Data));
        Assert.All(atSecond, d => Assert.Equal(sender.LocalEndPoint, d.From));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Receiving_from_an_empty_socket_returns_nothing_without_waiting_even_when_the_socket_blocks(bool native)
    {
        using var socket = Open();
        Assert.True(socket.Blocking);
        var batch = new DatagramBatch(4, 256, native);

        Assert.Equal(0, batch.Receive(socket));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void A_full_batch_refuses_more_until_sent_and_a_datagram_larger_than_its_slots_is_refused_by_name()
    {
        using var to = Open();
        var batch = new DatagramBatch(2, 16);
        var address = to.LocalEndPoint!.Serialize();
        Assert.True(batch.TryAdd([1], address));
        Assert.True(batch.TryAdd([2], address));
        Assert.False(batch.TryAdd([3], address));

        var error = Assert.Throws<ArgumentException>(() => new DatagramBatch(2, 16).TryAdd(new byte[17], address));
        Assert.Equal("datagram", error.ParamName);
    }

    [Fact]
    public void With_arrival_times_requested_each_datagram_carries_when_the_kernel_queued_it()
    {
        using var sender = Open();
        using var receiver = Open();
        if (!DatagramBatch.RequestArrivalTimes(receiver))
        {
            Assert.False(DatagramBatch.IsNative, "Linux's recvmmsg path must have kernel arrival times");
            return; // elsewhere the batch says it has none
        }

        long before = DatagramBatch.RealtimeNanoseconds();
        sender.SendTo([7, 7, 7], receiver.LocalEndPoint!);
        sender.SendTo([8, 8, 8], receiver.LocalEndPoint!);

        var batch = new DatagramBatch(4, 256);
        var arrivals = new List<long>();
        while (arrivals.Count < 2)
        {
            Assert.True(receiver.Poll(Patience, SelectMode.SelectRead), "the datagrams never arrived");
            int count = batch.Receive(receiver);
            for (var i = 0; i < count; i++)
            {
                arrivals.Add(batch.ArrivalNanoseconds(i));
            }
        }

        long after = DatagramBatch.RealtimeNanoseconds();
        Assert.All(arrivals, arrival => Assert.InRange(arrival, before, after));
        Assert.True(arrivals[0] <= arrivals[1]);
    }

    [Fact]
    public void Without_arrival_times_requested_the_arrival_is_zero()
    {
        using var sender = Open();
        using var receiver = Open();
        sender.SendTo([1], receiver.LocalEndPoint!);
        var batch = new DatagramBatch(4, 256);

        Assert.True(receiver.Poll(Patience, SelectMode.SelectRead));
        Assert.Equal(1, batch.Receive(receiver));
        Assert.Equal(0, batch.ArrivalNanoseconds(0));
    }

    [Fact]
    public void A_closed_socket_receives_and_sends_nothing_instead_of_throwing()
    {
        var socket = Open();
        var address = socket.LocalEndPoint!.Serialize();
        socket.Dispose();
        var batch = new DatagramBatch(4, 256);

        Assert.Equal(0, batch.Receive(socket));
        Assert.True(batch.TryAdd([1], address));
        Assert.Equal(0, batch.Send(socket));
    }

    private static Socket Open()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static List<(byte[] Data, IPEndPoint From)> ReceiveAll(Socket socket, int expected, bool native)
    {
        var batch = new DatagramBatch(8, 256, native);
        var from = new SocketAddress(AddressFamily.InterNetwork);
        var received = new List<(byte[], IPEndPoint)>();
        while (received.Count < expected)
        {
            Assert.True(socket.Poll(Patience, SelectMode.SelectRead), $"{received.Count} of {expected} datagrams arrived");
            int count = batch.Receive(socket);
            for (var i = 0; i < count; i++)
            {
                batch.CopySource(i, from);
                received.Add((batch[i].ToArray(), (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(from)));
            }
        }

        return received;
    }
}
