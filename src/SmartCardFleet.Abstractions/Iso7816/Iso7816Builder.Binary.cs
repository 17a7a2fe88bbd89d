using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Abstractions.Iso7816;

public sealed partial class Iso7816Builder
{
    /// <summary>Largest offset addressable in P1-P2 when P1 b8 = 0.</summary>
    public const int MaxBinaryOffset = 0x7FFF;

    /// <summary>READ BINARY (B0) from the current EF at a 15-bit offset.</summary>
    /// <param name="offset">0 to 32767.</param>
    /// <param name="ne">Bytes to read, 1 to 65536 (256 = short Le 00).</param>
    /// <returns>The command.</returns>
    public CommandApdu ReadBinary(int offset, int ne = DefaultNe) =>
        BinaryAtOffset(Iso7816Ins.ReadBinary, offset, [], CheckNe(ne));

    /// <summary>READ BINARY (B0) from an EF addressed by SFI (P1 = 80 | SFI, P2 = offset).</summary>
    /// <param name="sfi">The short EF identifier.</param>
    /// <param name="offset">0 to 255.</param>
    /// <param name="ne">Bytes to read, 1 to 65536.</param>
    /// <returns>The command.</returns>
    public CommandApdu ReadBinary(ShortFileId sfi, byte offset = 0, int ne = DefaultNe) =>
        new(Cla, Iso7816Ins.ReadBinary, SfiP1(sfi), offset, ne: CheckNe(ne));

    /// <summary>UPDATE BINARY (D6) in the current EF.</summary>
    /// <param name="offset">0 to 32767.</param>
    /// <param name="data">The bytes to write (1 to 65535).</param>
    /// <returns>The command.</returns>
    public CommandApdu UpdateBinary(int offset, ReadOnlySpan<byte> data) =>
        BinaryAtOffset(Iso7816Ins.UpdateBinary, offset, CheckBody(data), 0);

    /// <summary>UPDATE BINARY (D6) in an EF addressed by SFI.</summary>
    /// <param name="sfi">The short EF identifier.</param>
    /// <param name="offset">0 to 255.</param>
    /// <param name="data">The bytes to write.</param>
    /// <returns>The command.</returns>
    public CommandApdu UpdateBinary(ShortFileId sfi, byte offset, ReadOnlySpan<byte> data) =>
        new(Cla, Iso7816Ins.UpdateBinary, SfiP1(sfi), offset, CheckBody(data));

    /// <summary>WRITE BINARY (D0) in the current EF (write-once / OR semantics depend on the card).</summary>
    /// <param name="offset">0 to 32767.</param>
    /// <param name="data">The bytes to write.</param>
    /// <returns>The command.</returns>
    public CommandApdu WriteBinary(int offset, ReadOnlySpan<byte> data) =>
        BinaryAtOffset(Iso7816Ins.WriteBinary, offset, CheckBody(data), 0);

    /// <summary>WRITE BINARY (D0) in an EF addressed by SFI.</summary>
    /// <param name="sfi">The short EF identifier.</param>
    /// <param name="offset">0 to 255.</param>
    /// <param name="data">The bytes to write.</param>
    /// <returns>The command.</returns>
    public CommandApdu WriteBinary(ShortFileId sfi, byte offset, ReadOnlySpan<byte> data) =>
        new(Cla, Iso7816Ins.WriteBinary, SfiP1(sfi), offset, CheckBody(data));

    /// <summary>ERASE BINARY (0E) in the current EF from the offset to the end (case 1).</summary>
    /// <param name="offset">0 to 32767.</param>
    /// <returns>The command.</returns>
    public CommandApdu EraseBinary(int offset) => BinaryAtOffset(Iso7816Ins.EraseBinary, offset, [], 0);

    /// <summary>ERASE BINARY (0E) in an EF addressed by SFI from the offset to the end.</summary>
    /// <param name="sfi">The short EF identifier.</param>
    /// <param name="offset">0 to 255.</param>
    /// <returns>The command.</returns>
    public CommandApdu EraseBinary(ShortFileId sfi, byte offset = 0) => new(Cla, Iso7816Ins.EraseBinary, SfiP1(sfi), offset);

    private static byte SfiP1(ShortFileId sfi) =>
        sfi.Value == 0
            ? throw new ArgumentException("A default ShortFileId has no value; create it with new ShortFileId(1..30).", nameof(sfi))
            : (byte)(0x80 | sfi.Value);

    private CommandApdu BinaryAtOffset(byte ins, int offset, ReadOnlySpan<byte> data, int ne)
    {
        if (offset is < 0 or > MaxBinaryOffset)
        {
            throw new ArgumentOutOfRangeException(
                nameof(offset), offset, $"A binary offset in P1-P2 must be between 0 and {MaxBinaryOffset} (0x7FFF); larger files need an odd-INS command.");
        }

        return new(Cla, ins, (byte)(offset >> 8), (byte)offset, data, ne);
    }

    private static ReadOnlySpan<byte> CheckBody(ReadOnlySpan<byte> data, string paramName = "data") =>
        data.IsEmpty || data.Length > CommandApdu.MaxDataLength
            ? throw new ArgumentException($"The command data must be 1 to {CommandApdu.MaxDataLength} bytes; got {data.Length}.", paramName)
            : data;
}
