namespace ContactCentre.Media.WebRtc;

/// <summary>
/// SRTP master keys and salts exported by a DTLS-SRTP handshake (RFC 5764 §4.2): the DTLS client's pair protects what
/// the client sends, the server's pair what the server sends.
/// </summary>
public sealed record DtlsSrtpKeys(byte[] ClientMasterKey, byte[] ClientMasterSalt, byte[] ServerMasterKey, byte[] ServerMasterSalt)
{
    internal const string ExporterLabel = "EXTRACTOR-dtls_srtp";
    internal const int MaterialLength = 2 * (SrtpSessionKeys.MasterKeyLength + SrtpSessionKeys.MasterSaltLength);

    /// <summary>RFC 5764 §4.2: client key ‖ server key ‖ client salt ‖ server salt.</summary>
    internal static DtlsSrtpKeys Split(ReadOnlySpan<byte> material)
    {
        const int key = SrtpSessionKeys.MasterKeyLength;
        const int salt = SrtpSessionKeys.MasterSaltLength;
        return new DtlsSrtpKeys(
            material[..key].ToArray(),
            material.Slice(2 * key, salt).ToArray(),
            material.Slice(key, key).ToArray(),
            material.Slice((2 * key) + salt, salt).ToArray());
    }

    /// <summary>The context that protects what we send, under our side's key.</summary>
    public SrtpContext CreateSender(bool weAreClient) =>
        weAreClient ? new SrtpContext(ClientMasterKey, ClientMasterSalt) : new SrtpContext(ServerMasterKey, ServerMasterSalt);

    /// <summary>The context that unprotects what the peer sends, under its key.</summary>
    public SrtpContext CreateReceiver(bool weAreClient) => CreateSender(!weAreClient);
}
