using System.Security.Cryptography;

namespace ContactCentre.Media.WebRtc;

/// <summary>An ICE username fragment and password (RFC 8839 §5.4: at least 4 and 22 ice-chars, 24 and 128 bits of randomness).</summary>
public sealed record IceCredentials(string Ufrag, string Password)
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static IceCredentials Generate() => new(RandomIceChars(8), RandomIceChars(24));

    private static string RandomIceChars(int count) => RandomNumberGenerator.GetString(IceChars, count);
}
