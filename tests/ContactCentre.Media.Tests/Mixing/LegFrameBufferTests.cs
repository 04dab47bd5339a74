namespace ContactCentre.Media.Tests.Mixing;

[Trait("Category", "Unit")]
public sealed class LegFrameBufferTests
{
    [Fact]
    public void A_frame_that_did_not_arrive_is_silence()
    {
        var buffer = new LegFrameBuffer(4);
        buffer.Write([1, 2]);
        var frame = new short[4];

        Assert.Equal(2, buffer.Read(frame));
        Assert.Equal([1, 2, 0, 0], frame);
        Assert.Equal(0, buffer.Read(frame));
        Assert.Equal([0, 0, 0, 0], frame);
    }

    [Fact]
    public void Packets_of_any_size_come_out_in_order_across_the_ring_end()
    {
        var buffer = new LegFrameBuffer(4, frames: 2);
        var frame = new short[4];
        buffer.Write([1, 2, 3]);
        buffer.Read(frame);
        buffer.Write([4, 5, 6, 7, 8, 9]);

        buffer.Read(frame);
        Assert.Equal([4, 5, 6, 7], frame);
        buffer.Read(frame);
        Assert.Equal([8, 9, 0, 0], frame);
    }

    [Fact]
    public void A_far_end_running_fast_loses_its_oldest_samples_so_the_delay_stays_bounded()
    {
        var buffer = new LegFrameBuffer(2, frames: 2);
        buffer.Write([1, 2, 3, 4, 5, 6]);
        var frame = new short[2];

        buffer.Read(frame);
        Assert.Equal([3, 4], frame);
        buffer.Read(frame);
        Assert.Equal([5, 6], frame);
    }
}
