using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.Iso7816;

/// <summary>The operations of <see cref="Iso7816Session"/>, as shown to operators: each declared once, for the manifest and the session's registration.</summary>
internal static class Iso7816Operations
{
    private static readonly OperationField Data = new(FieldType.Hex, "The response data.");
    private static readonly OperationField Sfi = new(FieldType.Integer, "Short EF identifier 1-30; omit for the current EF.", Required: false);

    public static readonly OperationDescriptor Select = new("select", "SELECT a file: exactly one of fid (2-byte file id), path (from the MF, pairs of file ids) or aid (DF name).")
    {
        Arguments = new Dictionary<string, OperationField>
        {
            ["fid"] = new(FieldType.Hex, "File identifier, 2 bytes, for example \"3F00\".", Required: false),
            ["path"] = new(FieldType.Hex, "Path from the MF without 3F00, for example \"50005001\".", Required: false),
            ["aid"] = new(FieldType.Hex, "Application identifier (DF name), 1-16 bytes.", Required: false),
        },
        Result = new Dictionary<string, OperationField> { ["fci"] = new(FieldType.Hex, "The file control information (may be empty).") },
    };

    public static readonly OperationDescriptor ReadBinary = new("read-binary", "READ BINARY from the current EF, or from a short EF id.")
    {
        Arguments = new Dictionary<string, OperationField>
        {
            ["offset"] = new(FieldType.Integer, "Offset, 0-32767 (0-255 with sfi).", Required: false),
            ["length"] = new(FieldType.Integer, "Bytes to read, 1-65536; omit for \"up to 256\".", Required: false),
            ["sfi"] = Sfi,
        },
        Result = new Dictionary<string, OperationField> { ["data"] = Data },
    };

    public static readonly OperationDescriptor ReadRecord = new("read-record", "READ RECORD by number from the current EF, or from a short EF id.")
    {
        Arguments = new Dictionary<string, OperationField>
        {
            ["record"] = new(FieldType.Integer, "Record number, 1-254."),
            ["sfi"] = Sfi,
        },
        Result = new Dictionary<string, OperationField> { ["data"] = Data },
    };

    public static readonly OperationDescriptor GetData = new("get-data", "GET DATA of a data object by tag.")
    {
        Arguments = new Dictionary<string, OperationField> { ["tag"] = new(FieldType.Hex, "The tag, 1 or 2 bytes, for example \"9F7F\".") },
        Result = new Dictionary<string, OperationField> { ["data"] = Data },
    };

    /// <summary>Every operation, for the manifest.</summary>
    public static IReadOnlyList<OperationDescriptor> All { get; } = [Select, ReadBinary, ReadRecord, GetData];
}
