namespace ContactCentre.Media.WebRtc;

/// <summary>The key-derivation labels of RFC 3711 §4.3.2 (RTP) and §4.3.2/§3.4 (RTCP).</summary>
internal enum SrtpKeyLabel : byte
{
    RtpEncryption = 0x00,
    RtpAuthentication = 0x01,
    RtpSalt = 0x02,
    RtcpEncryption = 0x03,
    RtcpAuthentication = 0x04,
    RtcpSalt = 0x05,
}

/// <summary>
/// Session keys for one direction of RTP or RTCP under AES_CM_128_HMAC_SHA1_80 (RFC 3711 §8.2): a 128-bit
/// cipher key, a 112-bit salt and a 160-bit authentication key, derived from the master key and salt.
/// </summary>
internal sealed record SrtpSessionKeys(byte[] EncryptionKey, byte[] Salt, byte[] AuthenticationKey)
{
    public const int MasterKeyLength = 16;
    public const int MasterSaltLength = 14;
    public const int AuthenticationKeyLength = 20;

    public static SrtpSessionKeys ForRtp(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt) =>
        Derive(masterKey, masterSalt, SrtpKeyLabel.RtpEncryption, SrtpKeyLabel.RtpSalt, SrtpKeyLabel.RtpAuthentication);

    public static SrtpSessionKeys ForRtcp(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt) =>
        Derive(masterKey, masterSalt, SrtpKeyLabel.RtcpEncryption, SrtpKeyLabel.RtcpSalt, SrtpKeyLabel.RtcpAuthentication);

    /// <summary>
    /// RFC 3711 §4.3.1 with key_derivation_rate 0 (so r = 0): x = (label ‖ 0⁴⁸) XOR master salt, and the key is
    /// the AES-CM keystream under the master key from IV x·2¹⁶, cut to <paramref name="output"/>'s length.
    /// </summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpKeyLabel label, Span<byte> output)
    {
        if (masterKey.Length != MasterKeyLength || masterSalt.Length != MasterSaltLength)
        {
            throw new ArgumentException("AES_CM_128_HMAC_SHA1_80 needs a 128-bit master key and a 112-bit master salt (RFC 3711 §8.2).");
        }

        Span<byte> iv = stackalloc byte[AesCounterMode.BlockLength];
        masterSalt.CopyTo(iv);
        iv[7] ^= (byte)label;
        output.Clear();
        using var cipher = new AesCounterMode(masterKey);
        cipher.Apply(iv, output);
    }

    private static SrtpSessionKeys Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpKeyLabel encryption, SrtpKeyLabel salt, SrtpKeyLabel authentication)
    {
        var keys = new SrtpSessionKeys(new byte[MasterKeyLength], new byte[MasterSaltLength], new byte[AuthenticationKeyLength]);
        Derive(masterKey, masterSalt, encryption, keys.EncryptionKey);
        Derive(masterKey, masterSalt, salt, keys.Salt);
        Derive(masterKey, masterSalt, authentication, keys.AuthenticationKey);
        return keys;
    }
}
