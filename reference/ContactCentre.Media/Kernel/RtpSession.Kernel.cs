using System.Buffers.Binary;

namespace ContactCentre.Media;

/// <summary>An <see cref="RtpSession"/>'s part in <see cref="KernelForwarding"/>.</summary>
public sealed partial class RtpSession
{
    /// <summary>
    /// After a bridge sent <paramref name="from"/>'s latest packet out of this session in user space: hands that
    /// direction to the kernel if both sessions ask for it, both far ends are latched on loopback, nothing else is
    /// being sent here, <paramref name="from"/>'s audio is in this session's codec, and the bridge lets the party be
    /// heard as it speaks (<see cref="MediaBridge.AllowsKernelForwarding"/>). On <paramref name="from"/>'s receive thread.
    /// </summary>
    internal void TryForwardInKernel(RtpSession from, MediaBridge bridge)
    {
        if (!_kernelForwarding || !from._kernelForwarding || Volatile.Read(ref _egress) is not null || KernelForwarding.Shared is not { } kernel)
        {
            return;
        }

        lock (_sendGate)
        {
            if (_egress is not null || IsDisposed || from.IsDisposed || _transform is not null || from._transform is not null
                || _dtmf is not null || _playing is not null || !_dtmfQueue.IsEmpty
                || !_latched || _remote is not { } destination || !from._latched || from._remote is not { } source
                || from._received is not { } registration || from._lastInPayloadType != (byte)Codec
                || !KernelForwarding.IsLoopbackIPv4(LocalEndPoint) || !KernelForwarding.IsLoopbackIPv4(from.LocalEndPoint)
                || !KernelForwarding.IsLoopbackIPv4(destination) || !KernelForwarding.IsLoopbackIPv4(source)
                || !bridge.AllowsKernelForwarding(from, this))
            {
                return;
            }

            if (from._slot == 0)
            {
                from._slot = kernel.AssignSlot(from);
            }

            // The next packet from the far end (sequence + 1, timestamp + its samples) goes out as our next one.
            ushort sequenceShift = (ushort)(_sequence - (ushort)(from._lastInSequence + 1));
            uint timestampShift = _timestamp - (from._lastInTimestamp + (uint)from._lastInSamples);
            var key = new byte[ForwardingProgram.KeySize];
            KernelForwarding.WriteKey(key, from.LocalEndPoint);
            Span<byte> value = stackalloc byte[ForwardingProgram.ValueSize];
            value.Clear();
            KernelForwarding.WriteAddress(value[ForwardingProgram.ExpectedSourceAddress..], source);
            value[ForwardingProgram.PayloadType] = from._lastInPayloadType;
            value[ForwardingProgram.RingIndex] = (byte)registration.ThreadIndex;
            KernelForwarding.WriteAddress(value[ForwardingProgram.NewSourceAddress..], LocalEndPoint);
            KernelForwarding.WriteAddress(value[ForwardingProgram.NewDestinationAddress..], destination);
            KernelForwarding.WritePort(value[ForwardingProgram.NewSourcePort..], LocalEndPoint);
            KernelForwarding.WritePort(value[ForwardingProgram.NewDestinationPort..], destination);
            KernelForwarding.WritePort(value[ForwardingProgram.ExpectedSourcePort..], source);
            BinaryPrimitives.WriteUInt32LittleEndian(value[ForwardingProgram.Slot..], from._slot);
            BinaryPrimitives.WriteUInt32BigEndian(value[ForwardingProgram.InSsrc..], from._lastInSsrc);
            BinaryPrimitives.WriteUInt32BigEndian(value[ForwardingProgram.OutSsrc..], _ssrc);
            BinaryPrimitives.WriteUInt16LittleEndian(value[ForwardingProgram.SequenceDelta..], sequenceShift);
            BinaryPrimitives.WriteUInt32LittleEndian(value[ForwardingProgram.TimestampDelta..], timestampShift);
            KernelForwarding.WriteAddress(value[ForwardingProgram.OldDestinationAddress..], from.LocalEndPoint);
            KernelForwarding.WritePort(value[ForwardingProgram.OldDestinationPort..], from.LocalEndPoint);
            if (!kernel.TryInstall(key, value))
            {
                return;
            }

            _egress = new KernelRoute(from, key, sequenceShift, timestampShift);
            from._ingressTo = this;
        }
    }

    /// <summary>Packets the kernel sent out of this session, counted as each route is handed back.</summary>
    public long PacketsSentByKernel => Interlocked.Read(ref _packetsSentByKernel);

    private long _packetsSentByKernel;

    /// <summary>Whether the far end's address is latched (symmetric RTP), which a direction into the kernel needs.</summary>
    internal bool IsLatched => _latched;

    /// <summary>True while the kernel sends the bridged party's packets out of this session.</summary>
    public bool IsForwardedByKernel => Volatile.Read(ref _egress) is not null;

    /// <summary>Takes both directions this session is part of back from the kernel.</summary>
    internal void EndKernelRoutes()
    {
        if (Volatile.Read(ref _egress) is not null)
        {
            lock (_sendGate)
            {
                EndEgress();
            }
        }

        EndIngress();
    }

    /// <summary>
    /// Takes back the route by which the kernel sends out of this session, and carries on the sequence, timestamp and
    /// counts from the last packet it sent; the caller holds the send lock.
    /// </summary>
    private void EndEgress()
    {
        if (_egress is not { } route)
        {
            return;
        }

        _egress = null;
        if (route.From._ingressTo == this)
        {
            route.From._ingressTo = null;
        }

        Span<byte> value = stackalloc byte[ForwardingProgram.ValueSize];
        if (KernelForwarding.Shared?.TryRemove(route.Key, value) != true)
        {
            return;
        }

        long forwarded = BinaryPrimitives.ReadInt64LittleEndian(value[ForwardingProgram.Forwarded..]);
        if (forwarded <= 0)
        {
            return;
        }

        ushort lastSequence = BinaryPrimitives.ReadUInt16BigEndian(value[ForwardingProgram.LastSequence..]);
        uint lastTimestamp = BinaryPrimitives.ReadUInt32BigEndian(value[ForwardingProgram.LastTimestamp..]);
        int payload = Math.Max(0, BinaryPrimitives.ReadUInt16LittleEndian(value[ForwardingProgram.LastLength..]) - RtpPacket.FixedHeaderLength);
        _sequence = (ushort)(lastSequence + route.SequenceShift + 1);
        _timestamp = lastTimestamp + route.TimestampShift + (uint)payload;
        _idleBridgedTicks = 0;
        Interlocked.Add(ref _packetsSent, forwarded);
        Interlocked.Add(ref _packetsSentByKernel, forwarded);
        Interlocked.Add(ref _octetsSent, forwarded * payload);
    }

    /// <summary>Takes back the route by which the kernel sends our far end's packets out of another session.</summary>
    private void EndIngress()
    {
        if (_ingressTo is not { } to)
        {
            return;
        }

        lock (to._sendGate)
        {
            if (to._egress?.From == this)
            {
                to.EndEgress();
            }
        }
    }

    private sealed record KernelRoute(RtpSession From, byte[] Key, ushort SequenceShift, uint TimestampShift);
}
