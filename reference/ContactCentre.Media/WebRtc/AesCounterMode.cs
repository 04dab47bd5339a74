using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ContactCentre.Media.WebRtc;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): keystream block j is AES(key, IV + j), XORed onto the data.
/// The counter blocks are encrypted with ECB a batch at a time into stack buffers, so a packet costs no allocation.
/// Not thread-safe: one instance per direction, used under its owner's lock.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    public const int BlockLength = 16;
    private const int BatchBlocks = 32;
    private readonly Aes _aes;

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
    }

    /// <summary>XORs the keystream that starts at counter <paramref name="iv"/> onto <paramref name="data"/> (encrypts or decrypts).</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        Span<byte> counters = stackalloc byte[BatchBlocks * BlockLength];
        Span<byte> keystream = stackalloc byte[BatchBlocks * BlockLength];
        ulong high = BinaryPrimitives.ReadUInt64BigEndian(iv);
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]);
        ulong block = 0;
        while (!data.IsEmpty)
        {
            int blocks = Math.Min(BatchBlocks, (data.Length + BlockLength - 1) / BlockLength);
            for (var i = 0; i < blocks; i++, block++)
            {
                ulong sum = low + block;
                ulong carry = sum < low ? 1UL : 0UL;
                BinaryPrimitives.WriteUInt64BigEndian(counters[(i * BlockLength)..], high + carry);
                BinaryPrimitives.WriteUInt64BigEndian(counters[((i * BlockLength) + 8)..], sum);
            }

            int bytes = blocks * BlockLength;
            _aes.EncryptEcb(counters[..bytes], keystream[..bytes], PaddingMode.None);
            int count = Math.Min(bytes, data.Length);
            for (var i = 0; i < count; i++)
            {
                data[i] ^= keystream[i];
            }

            data = data[count..];
        }
    }

    public void Dispose() => _aes.Dispose();
}
