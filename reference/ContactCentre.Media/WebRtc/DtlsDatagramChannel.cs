using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace ContactCentre.Media.WebRtc;

/// <summary>
/// BouncyCastle's view of the shared UDP socket: the demultiplexer posts DTLS records here (RFC 7983 §7, first byte
/// 20–63) and the blocking handshake thread takes them; what DTLS sends goes out through the session's socket.
/// </summary>
public sealed class DtlsDatagramChannel(Action<ReadOnlySpan<byte>> send) : DatagramTransport
{
    // Room under a typical 1500-byte path MTU after IP and UDP headers; BouncyCastle fragments handshakes to fit.
    private const int Limit = 1200;
    private const int MaxQueued = 64;
    private readonly BlockingCollection<byte[]> _incoming = new(MaxQueued);
    private volatile bool _closed;

    /// <summary>Called by the receive loop; drops the record when the handshake thread has fallen far behind.</summary>
    public void Post(ReadOnlySpan<byte> record)
    {
        if (_closed)
        {
            return;
        }

        try
        {
            _incoming.TryAdd(record.ToArray());
        }
        catch (InvalidOperationException)
        {
            // Closed between the check and the add.
        }
    }

    public int GetReceiveLimit() => Limit;

    public int GetSendLimit() => Limit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (_closed)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error, "The DTLS channel is closed.");
        }

        try
        {
            if (!_incoming.TryTake(out var record, waitMillis))
            {
                return -1; // BouncyCastle reads -1 as "nothing yet" and retransmits its flight
            }

            int length = Math.Min(record.Length, buffer.Length);
            record.AsSpan(0, length).CopyTo(buffer);
            return length;
        }
        catch (ObjectDisposedException)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error, "The DTLS channel is closed.");
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (!_closed)
        {
            send(buffer);
        }
    }

    public void Close()
    {
        _closed = true;
        _incoming.CompleteAdding();
    }
}
