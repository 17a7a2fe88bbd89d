using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Abstractions.Iso7816;

/// <summary>
/// Builds ISO/IEC 7816-4 interindustry commands with a default class byte (the successor of the seed's
/// <c>ISCardISO7816</c> with <c>SetDefaultClassId</c>). Every method returns a new <see cref="CommandApdu"/>;
/// the builder holds no card state.
/// </summary>
/// <remarks>Methods that take <see cref="Secret"/> copy its bytes into the command; the command's own
/// <c>ToString</c> redacts them.</remarks>
/// <param name="cla">The class byte for every command (default 00).</param>
public sealed partial class Iso7816Builder(byte cla = 0x00)
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

    private static byte[] FileIdBytes(ushort fileId) => [(byte)(fileId >> 8), (byte)fileId];

    private static ReadOnlySpan<byte> CheckPath(ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty || path.Length % 2 != 0)
        {
            throw new ArgumentException(
                $"A path is a sequence of two-byte file identifiers; got {path.Length} byte(s).", nameof(path));
        }

        return path;
    }

    private static int CheckNe(int ne, string paramName = "ne") =>
        ne is < 1 or > CommandApdu.MaxNe
            ? throw new ArgumentOutOfRangeException(paramName, ne, $"The expected length must be between 1 and {CommandApdu.MaxNe}.")
            : ne;
}
