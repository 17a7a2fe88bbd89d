using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Abstractions.Iso7816;

/// <summary>
/// How ISO/IEC 7816-4 codes the parameters of interindustry commands (SFI in P1, record addressing in P2, file ids,
/// concatenated reference data) and the range checks <see cref="Iso7816Builder"/> applies before it encodes a command.
/// Every check throws an argument exception that names the caller's parameter and the allowed range.
/// </summary>
internal static class Iso7816Coding
{
    /// <summary>P2 b3-b1 = 100: "record number given in P1" (P1 = 00 means the current record).</summary>
    public const byte RecordByNumber = 0x04;

    public static int CheckNe(int ne, string paramName = "ne") =>
        ne is < 1 or > CommandApdu.MaxNe
            ? throw new ArgumentOutOfRangeException(paramName, ne, $"The expected length must be between 1 and {CommandApdu.MaxNe}.")
            : ne;

    public static ReadOnlySpan<byte> CheckBody(ReadOnlySpan<byte> data, string paramName = "data") =>
        data.IsEmpty || data.Length > CommandApdu.MaxDataLength
            ? throw new ArgumentException($"The command data must be 1 to {CommandApdu.MaxDataLength} bytes; got {data.Length}.", paramName)
            : data;

    public static ReadOnlySpan<byte> CheckPath(ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty || path.Length % 2 != 0)
        {
            throw new ArgumentException(
                $"A path is a sequence of two-byte file identifiers; got {path.Length} byte(s).", nameof(path));
        }

        return path;
    }

    public static byte[] FileIdBytes(ushort fileId) => [(byte)(fileId >> 8), (byte)fileId];

    /// <summary>A 15-bit offset for P1-P2 (P1 b8 = 0 means "offset", not "SFI").</summary>
    public static int CheckBinaryOffset(int offset) =>
        offset is < 0 or > Iso7816Builder.MaxBinaryOffset
            ? throw new ArgumentOutOfRangeException(
                nameof(offset), offset, $"A binary offset in P1-P2 must be between 0 and {Iso7816Builder.MaxBinaryOffset} (0x7FFF); larger files need an odd-INS command.")
            : offset;

    /// <summary>P1 of a binary command addressed by short EF identifier: 80 | SFI.</summary>
    public static byte SfiP1(ShortFileId sfi) =>
        sfi.Value == 0
            ? throw new ArgumentException("A default ShortFileId has no value; create it with new ShortFileId(1..30).", nameof(sfi))
            : (byte)(0x80 | sfi.Value);

    /// <summary>P2 of a record command: the SFI in b8-b4 (0 = current EF) and the addressing mode in b3-b1.</summary>
    public static byte RecordP2(ShortFileId? sfi, byte mode) =>
        (byte)(((sfi is { } s ? SfiP1(s) & 0x1F : 0) << 3) | mode);

    public static byte CheckRecord(byte recordNumber) =>
        recordNumber == 0xFF
            ? throw new ArgumentOutOfRangeException(nameof(recordNumber), recordNumber, "Record number FF is reserved; use 1 to 254, or 0 for the current record.")
            : recordNumber;

    public static byte CheckChannel(byte channel) =>
        channel is < 1 or > 19
            ? throw new ArgumentOutOfRangeException(nameof(channel), channel, "Logical channels are 1 to 19; channel 0 is the basic channel and is always open.")
            : channel;

    /// <summary>The body of CHANGE REFERENCE DATA / RESET RETRY COUNTER: first ‖ second, either part optional.</summary>
    public static byte[] Concat(Secret? first, Secret? second)
    {
        var a = first is null ? [] : first.Reveal();
        var b = second is null ? [] : second.Reveal();
        var body = new byte[a.Length + b.Length];
        a.CopyTo(body);
        b.CopyTo(body.AsSpan(a.Length));
        return body;
    }
}
