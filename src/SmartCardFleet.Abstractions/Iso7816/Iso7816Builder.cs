using SmartCardFleet.Abstractions.Apdu;
using static SmartCardFleet.Abstractions.Iso7816.Iso7816Coding;

namespace SmartCardFleet.Abstractions.Iso7816;

// One class on purpose, not a split by command group: these are instance methods that compiled plugins call directly,
// and the SDK promises that a plugin built against 1.x runs on any later 1.x host (docs/plugin-loading.md §2). Moving a
// group to extension methods would make such plugins fail at run time (MissingMethodException) and would stop source
// compiling that reaches the builder through Iso7816SessionBase.Iso without importing this namespace. What is not API,
// the ISO 7816-4 parameter coding and argument checks, lives in Iso7816Coding; this class only names the commands.
/// <summary>
/// Builds ISO/IEC 7816-4 interindustry commands with a default class byte (the successor of the seed's
/// <c>ISCardISO7816</c> with <c>SetDefaultClassId</c>). Every method returns a new <see cref="CommandApdu"/>;
/// the builder holds no card state.
/// </summary>
/// <remarks>Methods that take <see cref="Secret"/> copy its bytes into the command; the command's own
/// <c>ToString</c> redacts them.</remarks>
/// <param name="cla">The class byte for every command (default 00).</param>
public sealed class Iso7816Builder(byte cla = 0x00)
{
    /// <summary>Default expected length for commands that return data: 256 (short Le 00, "up to 256").</summary>
    public const int DefaultNe = 256;

    /// <summary>The class byte used for every command.</summary>
    public byte Cla { get; } = cla;

    /// <summary>SELECT with an explicit P1 and data field.</summary>
    /// <param name="by">How the data identifies the file (P1).</param>
    /// <param name="data">File id, path or DF name; empty for MF (with <see cref="SelectBy.FileId"/>) or parent.</param>
    /// <param name="occurrence">Which occurrence (P2 b2-b1).</param>
    /// <param name="response">What to return (P2 b4-b3); FCI/FCP/FMD set Le = 00.</param>
    /// <returns>The SELECT command.</returns>
    public CommandApdu Select(SelectBy by, ReadOnlySpan<byte> data, SelectOccurrence occurrence = SelectOccurrence.First, SelectResponse response = SelectResponse.Fci) =>
        new(Cla, Iso7816Ins.Select, (byte)by, (byte)((byte)response | (byte)occurrence), data, response == SelectResponse.None ? 0 : DefaultNe);

    /// <summary>SELECT the MF (P1 00, empty data).</summary>
    /// <param name="response">What to return.</param>
    /// <returns>The SELECT command.</returns>
    public CommandApdu SelectMasterFile(SelectResponse response = SelectResponse.Fci) => Select(SelectBy.FileId, [], response: response);

    /// <summary>SELECT a file by its two-byte identifier (P1 00).</summary>
    /// <param name="fileId">The file identifier, for example 0x2F00.</param>
    /// <param name="response">What to return.</param>
    /// <returns>The SELECT command.</returns>
    public CommandApdu SelectFile(ushort fileId, SelectResponse response = SelectResponse.Fci) =>
        Select(SelectBy.FileId, FileIdBytes(fileId), response: response);

    /// <summary>SELECT a child DF of the current DF by identifier (P1 01).</summary>
    /// <param name="fileId">The DF identifier.</param>
    /// <param name="response">What to return.</param>
    /// <returns>The SELECT command.</returns>
    public CommandApdu SelectChildDf(ushort fileId, SelectResponse response = SelectResponse.Fci) =>
        Select(SelectBy.ChildDf, FileIdBytes(fileId), response: response);

    /// <summary>SELECT an EF under the current DF by identifier (P1 02).</summary>
    /// <param name="fileId">The EF identifier.</param>
    /// <param name="response">What to return.</param>
    /// <returns>The SELECT command.</returns>
    public CommandApdu SelectChildEf(ushort fileId, SelectResponse response = SelectResponse.Fci) =>
        Select(SelectBy.ChildEf, FileIdBytes(fileId), response: response);

    /// <summary>SELECT the parent DF of the current DF (P1 03, no data).</summary>
    /// <param name="response">What to return.</param>
    /// <returns>The SELECT command.</returns>
    public CommandApdu SelectParent(SelectResponse response = SelectResponse.Fci) => Select(SelectBy.Parent, [], response: response);

    /// <summary>SELECT an application by DF name / AID (P1 04).</summary>
    /// <param name="dfName">The AID, 1 to 16 bytes.</param>
    /// <param name="occurrence">First/last/next/previous occurrence of a partial name.</param>
    /// <param name="response">What to return.</param>
    /// <returns>The SELECT command.</returns>
    /// <exception cref="ArgumentException">The name is empty or longer than 16 bytes.</exception>
    public CommandApdu SelectByName(ReadOnlySpan<byte> dfName, SelectOccurrence occurrence = SelectOccurrence.First, SelectResponse response = SelectResponse.Fci)
    {
        if (dfName.IsEmpty || dfName.Length > 16)
        {
            throw new ArgumentException($"A DF name (AID) is 1 to 16 bytes; got {dfName.Length}.", nameof(dfName));
        }

        return Select(SelectBy.DfName, dfName, occurrence, response);
    }

    /// <summary>SELECT by path from the MF (P1 08): concatenated file ids without 3F00.</summary>
    /// <param name="path">The path bytes, an even number of at least 2.</param>
    /// <param name="response">What to return.</param>
    /// <returns>The SELECT command.</returns>
    /// <exception cref="ArgumentException">The path is empty or has an odd length.</exception>
    public CommandApdu SelectByPathFromMf(ReadOnlySpan<byte> path, SelectResponse response = SelectResponse.Fci) =>
        Select(SelectBy.PathFromMf, CheckPath(path), response: response);

    /// <summary>SELECT by path from the current DF (P1 09): concatenated file ids without the current DF's.</summary>
    /// <param name="path">The path bytes, an even number of at least 2.</param>
    /// <param name="response">What to return.</param>
    /// <returns>The SELECT command.</returns>
    /// <exception cref="ArgumentException">The path is empty or has an odd length.</exception>
    public CommandApdu SelectByPathFromCurrentDf(ReadOnlySpan<byte> path, SelectResponse response = SelectResponse.Fci) =>
        Select(SelectBy.PathFromCurrentDf, CheckPath(path), response: response);

    /// <summary>GET RESPONSE (C0) for the given number of bytes (SW2 of a 61xx, 00 = 256).</summary>
    /// <param name="ne">Bytes to fetch, 1 to 65536.</param>
    /// <returns>The GET RESPONSE command.</returns>
    public CommandApdu GetResponse(int ne = DefaultNe) => new(Cla, Iso7816Ins.GetResponse, 0x00, 0x00, ne: CheckNe(ne));

    // ---- Transparent (binary) EFs ----

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

    // ---- Record EFs ----

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

    // ---- Security: verification, reference data, authentication ----

    /// <summary>VERIFY (20) with verification data, for example a PIN (P1 00, P2 = reference).</summary>
    /// <param name="reference">The reference data qualifier (P2), for example 0x81; 0x80 bit = specific (DF) reference.</param>
    /// <param name="verificationData">The PIN or password bytes (copied into the command).</param>
    /// <returns>The command.</returns>
    public CommandApdu Verify(byte reference, Secret verificationData)
    {
        ArgumentNullException.ThrowIfNull(verificationData);
        return new(Cla, Iso7816Ins.Verify, 0x00, reference, CheckBody(verificationData.Reveal(), nameof(verificationData)));
    }

    /// <summary>
    /// VERIFY (20) with an empty body: asks for the verification status. The card answers 90 00 when already
    /// verified or 63Cx with x retries left (see <see cref="ResponseApdu.RetriesLeft"/>).
    /// </summary>
    /// <param name="reference">The reference data qualifier (P2).</param>
    /// <returns>The case 1 command.</returns>
    public CommandApdu VerifyStatus(byte reference) => new(Cla, Iso7816Ins.Verify, 0x00, reference);

    /// <summary>VERIFY (20) with P1 FF: resets the verification status of the reference (log out).</summary>
    /// <param name="reference">The reference data qualifier (P2).</param>
    /// <returns>The case 1 command.</returns>
    public CommandApdu ResetVerificationStatus(byte reference) => new(Cla, Iso7816Ins.Verify, 0xFF, reference);

    /// <summary>
    /// CHANGE REFERENCE DATA (24). With <paramref name="currentData"/> P1 = 00 and the body is current ‖ new;
    /// without it P1 = 01 and the body is the new data only.
    /// </summary>
    /// <param name="reference">The reference data qualifier (P2).</param>
    /// <param name="currentData">The current PIN, or null when the card does not need it.</param>
    /// <param name="newData">The new PIN.</param>
    /// <returns>The command.</returns>
    public CommandApdu ChangeReferenceData(byte reference, Secret? currentData, Secret newData)
    {
        ArgumentNullException.ThrowIfNull(newData);
        var body = Concat(currentData, newData);
        return new(Cla, Iso7816Ins.ChangeReferenceData, currentData is null ? (byte)0x01 : (byte)0x00, reference, CheckBody(body, nameof(newData)));
    }

    /// <summary>
    /// RESET RETRY COUNTER (2C). P1 follows from which parts are given: 00 resetting code ‖ new data,
    /// 01 resetting code only, 02 new data only, 03 neither (case 1).
    /// </summary>
    /// <param name="reference">The reference data qualifier (P2).</param>
    /// <param name="resettingCode">The PUK / resetting code, or null.</param>
    /// <param name="newData">The new reference data (PIN), or null.</param>
    /// <returns>The command.</returns>
    public CommandApdu ResetRetryCounter(byte reference, Secret? resettingCode, Secret? newData)
    {
        byte p1 = (resettingCode, newData) switch
        {
            (not null, not null) => 0x00,
            (not null, null) => 0x01,
            (null, not null) => 0x02,
            (null, null) => 0x03,
        };
        return new(Cla, Iso7816Ins.ResetRetryCounter, p1, reference, Concat(resettingCode, newData));
    }

    /// <summary>GET CHALLENGE (84): asks the card for random bytes.</summary>
    /// <param name="ne">Number of challenge bytes, 1 to 65536 (often 8).</param>
    /// <returns>The command.</returns>
    public CommandApdu GetChallenge(int ne = 8) => new(Cla, Iso7816Ins.GetChallenge, 0x00, 0x00, ne: CheckNe(ne));

    /// <summary>INTERNAL AUTHENTICATE (88): the card proves itself by computing over the challenge.</summary>
    /// <param name="algorithm">Algorithm reference (P1), 00 when implied.</param>
    /// <param name="reference">Secret reference (P2), 00 when implied.</param>
    /// <param name="challenge">The authentication input (1 to 65535 bytes).</param>
    /// <param name="ne">Expected response length, 1 to 65536.</param>
    /// <returns>The case 4 command.</returns>
    public CommandApdu InternalAuthenticate(byte algorithm, byte reference, ReadOnlySpan<byte> challenge, int ne = DefaultNe) =>
        new(Cla, Iso7816Ins.InternalAuthenticate, algorithm, reference, CheckBody(challenge, nameof(challenge)), CheckNe(ne));

    /// <summary>EXTERNAL AUTHENTICATE (82): the host proves itself with a cryptogram over the card's challenge.</summary>
    /// <param name="algorithm">Algorithm reference (P1).</param>
    /// <param name="reference">Secret reference (P2).</param>
    /// <param name="cryptogram">The authentication data; empty sends a case 1 command (status query).</param>
    /// <returns>The command.</returns>
    public CommandApdu ExternalAuthenticate(byte algorithm, byte reference, ReadOnlySpan<byte> cryptogram) =>
        new(Cla, Iso7816Ins.ExternalAuthenticate, algorithm, reference, cryptogram);

    // ---- Data objects and logical channels ----

    /// <summary>
    /// GET DATA (CA) with the tag in P1-P2: 0040–00FF a one-byte BER tag, 0100–01FF proprietary,
    /// 0200–02FF a SIMPLE-TLV tag, 4000–FFFE a two-byte BER tag (for example 0x5F50).
    /// </summary>
    /// <param name="tag">The P1-P2 value.</param>
    /// <param name="ne">Bytes to read, 1 to 65536.</param>
    /// <returns>The case 2 command.</returns>
    public CommandApdu GetData(ushort tag, int ne = DefaultNe) =>
        new(Cla, Iso7816Ins.GetData, (byte)(tag >> 8), (byte)tag, ne: CheckNe(ne));

    /// <summary>PUT DATA (DA) with the tag in P1-P2 (same coding as <see cref="GetData"/>).</summary>
    /// <param name="tag">The P1-P2 value.</param>
    /// <param name="data">The data object contents.</param>
    /// <returns>The case 3 command.</returns>
    public CommandApdu PutData(ushort tag, ReadOnlySpan<byte> data) =>
        new(Cla, Iso7816Ins.PutData, (byte)(tag >> 8), (byte)tag, CheckBody(data));

    /// <summary>MANAGE CHANNEL open (70, P1 00, P2 00, Le 01): the card assigns and returns the channel number.</summary>
    /// <returns>The case 2 command.</returns>
    public CommandApdu OpenChannel() => new(Cla, Iso7816Ins.ManageChannel, 0x00, 0x00, ne: 1);

    /// <summary>MANAGE CHANNEL open of a specific channel (70, P1 00, P2 = channel).</summary>
    /// <param name="channel">1 to 19.</param>
    /// <returns>The case 1 command.</returns>
    public CommandApdu OpenChannel(byte channel) => new(Cla, Iso7816Ins.ManageChannel, 0x00, CheckChannel(channel));

    /// <summary>MANAGE CHANNEL close (70, P1 80, P2 = channel).</summary>
    /// <param name="channel">1 to 19 (the basic channel 0 cannot be closed).</param>
    /// <returns>The case 1 command.</returns>
    public CommandApdu CloseChannel(byte channel) => new(Cla, Iso7816Ins.ManageChannel, 0x80, CheckChannel(channel));

    private CommandApdu BinaryAtOffset(byte ins, int offset, ReadOnlySpan<byte> data, int ne) =>
        new(Cla, ins, (byte)(CheckBinaryOffset(offset) >> 8), (byte)offset, data, ne);
}
