using System.Buffers.Binary;

namespace ContactCentre.Media;

/// <summary>
/// Writes eBPF instructions (Documentation/bpf/standardization/instruction-set.rst): 8 bytes each, opcode, the two
/// registers in one byte (destination low nibble), a signed 16-bit offset and a 32-bit immediate, little-endian.
/// Jumps go to labels, resolved by <see cref="Build"/>.
/// </summary>
internal sealed class BpfAssembler
{
    // Classes, sizes, modes, operations and sources of the opcode byte.
    private const byte Ld = 0x00, Ldx = 0x01, St = 0x02, Stx = 0x03, Alu = 0x04, Jmp = 0x05, Alu64 = 0x07;
    private const byte Imm = 0x00, Mem = 0x60, Atomic = 0xc0;
    private const byte K = 0x00, X = 0x08;
    private const byte OpAdd = 0x00, OpSub = 0x10, OpAnd = 0x50, OpMov = 0xb0, OpEnd = 0xd0;
    private const byte JumpAlways = 0x00, JumpCall = 0x80, JumpExit = 0x90;

    public const byte Word = 0x00, Half = 0x08, Byte = 0x10, Double = 0x18;
    public const byte Equal = 0x10, Greater = 0x20, NotEqual = 0x50, Less = 0xa0;

    private readonly List<(byte Code, byte Registers, short Offset, int Immediate)> _code = [];
    private readonly Dictionary<string, int> _labels = [];
    private readonly List<(int At, string Label)> _jumps = [];

    public int Count => _code.Count;

    public void Label(string name) => _labels.Add(name, _code.Count);

    /// <summary>dst = src (64-bit).</summary>
    public void Move(int dst, int src) => Emit((byte)(Alu64 | OpMov | X), dst, src, 0, 0);

    /// <summary>dst = src + offset: an address on the stack (src r10) or in a map value.</summary>
    public void MoveAddress(int dst, int src, int offset)
    {
        Move(dst, src);
        AddImmediate(dst, offset);
    }

    public void MoveImmediate(int dst, int value) => Emit((byte)(Alu64 | OpMov | K), dst, 0, 0, value);

    public void AddImmediate(int dst, int value) => Emit((byte)(Alu64 | OpAdd | K), dst, 0, 0, value);

    public void SubtractImmediate(int dst, int value) => Emit((byte)(Alu64 | OpSub | K), dst, 0, 0, value);

    public void Add(int dst, int src) => Emit((byte)(Alu64 | OpAdd | X), dst, src, 0, 0);

    public void AndImmediate(int dst, int value) => Emit((byte)(Alu64 | OpAnd | K), dst, 0, 0, value);

    /// <summary>Byte-swaps the low <paramref name="bits"/> between host (little-endian) and network order; upper bits cleared.</summary>
    public void SwapToNetwork(int dst, int bits) => Emit((byte)(Alu | OpEnd | X), dst, 0, 0, bits);

    public void Load(byte size, int dst, int src, short offset) => Emit((byte)(Ldx | Mem | size), dst, src, offset, 0);

    public void Store(byte size, int dst, short offset, int src) => Emit((byte)(Stx | Mem | size), dst, src, offset, 0);

    public void StoreImmediate(byte size, int dst, short offset, int value) => Emit((byte)(St | Mem | size), dst, 0, offset, value);

    /// <summary>*(u64*)(dst + offset) += src, atomically.</summary>
    public void AtomicAdd(int dst, short offset, int src) => Emit((byte)(Stx | Atomic | Double), dst, src, offset, 0);

    /// <summary>dst = the map whose descriptor is <paramref name="mapFd"/> (a 16-byte instruction).</summary>
    public void LoadMap(int dst, int mapFd)
    {
        Emit((byte)(Ld | Imm | Double), dst, 1, 0, mapFd); // src 1: BPF_PSEUDO_MAP_FD
        Emit(0, 0, 0, 0, 0);
    }

    public void JumpIf(byte condition, int dst, int value, string label)
    {
        _jumps.Add((_code.Count, label));
        Emit((byte)(Jmp | condition | K), dst, 0, 0, value);
    }

    public void JumpIfRegister(byte condition, int dst, int src, string label)
    {
        _jumps.Add((_code.Count, label));
        Emit((byte)(Jmp | condition | X), dst, src, 0, 0);
    }

    public void Jump(string label)
    {
        _jumps.Add((_code.Count, label));
        Emit(Jmp | JumpAlways, 0, 0, 0, 0);
    }

    public void Call(int helper) => Emit(Jmp | JumpCall, 0, 0, 0, helper);

    public void Exit() => Emit(Jmp | JumpExit, 0, 0, 0, 0);

    public byte[] Build()
    {
        foreach (var (at, label) in _jumps)
        {
            if (!_labels.TryGetValue(label, out int target))
            {
                throw new InvalidOperationException($"BPF label '{label}' is not defined.");
            }

            var jump = _code[at];
            _code[at] = jump with { Offset = checked((short)(target - at - 1)) };
        }

        var bytes = new byte[_code.Count * 8];
        for (var i = 0; i < _code.Count; i++)
        {
            var (code, registers, offset, immediate) = _code[i];
            var slot = bytes.AsSpan(i * 8, 8);
            slot[0] = code;
            slot[1] = registers;
            BinaryPrimitives.WriteInt16LittleEndian(slot[2..], offset);
            BinaryPrimitives.WriteInt32LittleEndian(slot[4..], immediate);
        }

        return bytes;
    }

    private void Emit(byte code, int dst, int src, short offset, int immediate) =>
        _code.Add((code, (byte)((dst & 0x0f) | ((src & 0x0f) << 4)), offset, immediate));
}
