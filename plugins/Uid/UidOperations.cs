using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.Uid;

/// <summary>The operations of <see cref="UidSession"/>, as shown to operators: each declared once, for the manifest and the session's registration.</summary>
internal static class UidOperations
{
    public static readonly OperationDescriptor ReadUid = new("read-uid", "Reads the card's UID (GET DATA FF CA 00 00).")
    {
        Result = new Dictionary<string, OperationField>
        {
            ["uid"] = new(FieldType.Hex, "The UID, 4, 7 or 10 bytes."),
            ["length"] = new(FieldType.Integer, "UID length in bytes."),
        },
    };

    public static readonly OperationDescriptor CardInfo = new("card-info", "Decodes the part 3 ATR: the standard and the card name. Sends no APDU.")
    {
        Result = new Dictionary<string, OperationField>
        {
            ["standard"] = new(FieldType.String, "The contactless standard, for example \"ISO 14443 A part 3\"."),
            ["cardName"] = new(FieldType.String, "The card product, for example \"MIFARE Classic 1K\"."),
            ["cardNameCode"] = new(FieldType.Hex, "The 2-byte card name code from the ATR."),
        },
    };

    public static readonly OperationDescriptor ReadBinary = new("read-binary", "Reads a page or block (READ BINARY FF B0 00 page). The page size is the card's (4 or 16 bytes).")
    {
        Arguments = new Dictionary<string, OperationField>
        {
            ["page"] = new(FieldType.Integer, "Page or block number, 0-255."),
            ["length"] = new(FieldType.Integer, "Bytes to read, 1-256; omit to read one page.", Required: false),
        },
        Result = new Dictionary<string, OperationField>
        {
            ["page"] = new(FieldType.Integer, "The page read."),
            ["data"] = new(FieldType.Hex, "The bytes read."),
        },
    };

    public static readonly OperationDescriptor UpdateBinary = new("update-binary", "Writes whole pages or blocks (UPDATE BINARY FF D6 00 page).")
    {
        Arguments = new Dictionary<string, OperationField>
        {
            ["page"] = new(FieldType.Integer, "First page or block number, 1-255 (block 0 holds the UID)."),
            ["data"] = new(FieldType.Hex, "The bytes to write: a whole number of pages."),
        },
        Result = new Dictionary<string, OperationField>
        {
            ["page"] = new(FieldType.Integer, "The first page written."),
            ["written"] = new(FieldType.Integer, "Bytes written."),
        },
    };

    /// <summary>Every operation, for the manifest.</summary>
    public static IReadOnlyList<OperationDescriptor> All { get; } = [ReadUid, CardInfo, ReadBinary, UpdateBinary];
}
