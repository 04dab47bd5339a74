using System.Text;

namespace ContactCentre.Sip.Tests;

/// <summary>Builds wire messages from readable lines joined with CRLF.</summary>
internal static class SipText
{
    public static byte[] Bytes(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines));

    public static SipMessage Parse(params string[] lines)
    {
        Assert.True(SipParser.TryParse(Bytes(lines), out var message, out var error), error);
        return message!;
    }
}
