using System.Net;
using System.Text;

namespace ContactCentre.Sip.Tests;

/// <summary>
/// Turns a torture message into a datagram the test can receive the answer to: the torture RFCs' Vias name
/// documentation hosts (192.0.2.0/24, 2001:db8::/32) the answer would otherwise be sent to.
/// </summary>
internal static class TortureDatagram
{
    /// <summary>
    /// Replaces the sent-by of the first Via field (joining its folded lines) by <paramref name="sender"/>, keeping the
    /// original parameters, so a missing branch or a malformed parameter list is still what the endpoint sees.
    /// </summary>
    public static byte[] WithVia(byte[] message, IPEndPoint sender)
    {
        var headEnd = message.AsSpan().IndexOf("\r\n\r\n"u8);
        var lines = Encoding.UTF8.GetString(message, 0, headEnd).Split("\r\n").ToList();
        var index = lines.FindIndex(1, IsVia);
        var original = lines[index];
        var end = index + 1;
        while (end < lines.Count && lines[end].Length > 0 && lines[end][0] is ' ' or '\t')
        {
            original += lines[end];
            end++;
        }
        var semicolon = original.IndexOf(';', StringComparison.Ordinal);
        var parameters = semicolon >= 0 ? original[semicolon..] : "";
        lines.RemoveRange(index, end - index);
        // IPEndPoint writes an IPv6 address in brackets, as sent-by wants it (RFC 3261 §20.42).
        lines.Insert(index, $"Via: SIP/2.0/UDP {sender.ToString()};rport{parameters}");
        var head = Encoding.UTF8.GetBytes(string.Join("\r\n", lines));
        return [.. head, .. message.AsSpan(headEnd)];
    }

    private static bool IsVia(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var name = colon > 0 ? line[..colon].Trim() : "";
        return name.Equals("Via", StringComparison.OrdinalIgnoreCase) || name.Equals("v", StringComparison.OrdinalIgnoreCase);
    }

}
