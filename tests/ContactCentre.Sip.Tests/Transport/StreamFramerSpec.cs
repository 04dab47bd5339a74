using System.Text;

namespace ContactCentre.Sip.Tests;

[Trait("Category", "Unit")]
public sealed class StreamFramerSpec
{
    private static readonly byte[] First = SipText.Bytes("INFO sip:a@b SIP/2.0", "l: 5", "", "hello");
    private static readonly byte[] Second = SipText.Bytes("BYE sip:a@b SIP/2.0", "Content-Length: 0", "", "");

    [Fact]
    public void Messages_split_across_reads_are_framed_by_content_length()
    {
        var framer = new StreamFramer();
        var stream = First.Concat("\r\n\r\n"u8.ToArray()).Concat(Second).ToArray();

        var framed = new List<byte[]>();
        foreach (var chunk in stream.Chunk(7))
        {
            Assert.True(framer.Append(chunk));
            while (framer.TryTake(out var error) is { } message)
            {
                Assert.Null(error);
                framed.Add(message);
            }
        }

        Assert.Equal([First, Second], framed);
    }

    [Fact]
    public void A_non_numeric_content_length_breaks_the_stream()
    {
        var framer = new StreamFramer();
        framer.Append(Encoding.UTF8.GetBytes("INFO sip:a@b SIP/2.0\r\nContent-Length: lots\r\n\r\n"));

        Assert.Null(framer.TryTake(out var error));
        Assert.Contains("Content-Length", error);
    }
}
