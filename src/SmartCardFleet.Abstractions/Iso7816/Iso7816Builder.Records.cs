using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Abstractions.Iso7816;

public sealed partial class Iso7816Builder
{
    // P2 b3-b1 = 100: "record number given in P1" (P1 = 00 means the current record).
    private const byte RecordByNumber = 0x04;

    /// <summary>READ RECORD (B2) by record number; record 0 is the current record.</summary>
    /// <param name="recordNumber">1 to 254, or 0 for the current record.</param>
    /// <param name="sfi">The EF by short identifier (P2 b8-b4), or null for the current EF.</param>
    /// <param name="ne">Bytes to read, 1 to 65536.</param>
    /// <returns>The command.</returns>
    public CommandApdu ReadRecord(byte recordNumber, ShortFileId? sfi = null, int ne = DefaultNe) =>
        new(Cla, Iso7816Ins.ReadRecord, CheckRecord(recordNumber), RecordP2(sfi, RecordByNumber), ne: CheckNe(ne));

    /// <summary>READ RECORD (B2) of the current record (P1 00, P2 b3-b1 = 100).</summary>
    /// <param name="sfi">The EF by short identifier, or null for the current EF.</param>
    /// <param name="ne">Bytes to read, 1 to 65536.</param>
    /// <returns>The command.</returns>
    public CommandApdu ReadCurrentRecord(ShortFileId? sfi = null, int ne = DefaultNe) => ReadRecord(0, sfi, ne);

    /// <summary>WRITE RECORD (D2) by record number; record 0 is the current record.</summary>
    /// <param name="recordNumber">1 to 254, or 0 for the current record.</param>
    /// <param name="data">The record contents.</param>
    /// <param name="sfi">The EF by short identifier, or null for the current EF.</param>
    /// <returns>The command.</returns>
    public CommandApdu WriteRecord(byte recordNumber, ReadOnlySpan<byte> data, ShortFileId? sfi = null) =>
        new(Cla, Iso7816Ins.WriteRecord, CheckRecord(recordNumber), RecordP2(sfi, RecordByNumber), CheckBody(data));

    /// <summary>UPDATE RECORD (DC) by record number; record 0 is the current record.</summary>
    /// <param name="recordNumber">1 to 254, or 0 for the current record.</param>
    /// <param name="data">The new record contents.</param>
    /// <param name="sfi">The EF by short identifier, or null for the current EF.</param>
    /// <returns>The command.</returns>
    public CommandApdu UpdateRecord(byte recordNumber, ReadOnlySpan<byte> data, ShortFileId? sfi = null) =>
        new(Cla, Iso7816Ins.UpdateRecord, CheckRecord(recordNumber), RecordP2(sfi, RecordByNumber), CheckBody(data));

    /// <summary>APPEND RECORD (E2): adds a record at the end of a linear EF (P1 00, P2 b3-b1 = 000).</summary>
    /// <param name="data">The record contents.</param>
    /// <param name="sfi">The EF by short identifier, or null for the current EF.</param>
    /// <returns>The command.</returns>
    public CommandApdu AppendRecord(ReadOnlySpan<byte> data, ShortFileId? sfi = null) =>
        new(Cla, Iso7816Ins.AppendRecord, 0x00, RecordP2(sfi, 0x00), CheckBody(data));

    private static byte CheckRecord(byte recordNumber) =>
        recordNumber == 0xFF
            ? throw new ArgumentOutOfRangeException(nameof(recordNumber), recordNumber, "Record number FF is reserved; use 1 to 254, or 0 for the current record.")
            : recordNumber;

    private static byte RecordP2(ShortFileId? sfi, byte mode) =>
        (byte)(((sfi is { } s ? SfiP1(s) & 0x1F : 0) << 3) | mode);
}
