namespace ContactCentre.Media.Tests.Support;

/// <summary>Sessions that talk to each other on 127.0.0.1, as a phone and the contact centre's leg do.</summary>
internal static class RtpPeers
{
    /// <summary>Each sends to the other's address.</summary>
    public static void Pair(RtpSession x, RtpSession y)
    {
        x.RemoteEndPoint = y.LocalEndPoint;
        y.RemoteEndPoint = x.LocalEndPoint;
    }
}
