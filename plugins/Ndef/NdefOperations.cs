using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.Ndef;

/// <summary>The operations of <see cref="NdefSession"/>, as shown to operators: each declared once, for the manifest and the session's registration.</summary>
internal static class NdefOperations
{
    private static readonly Dictionary<string, OperationField> WriteResult = new()
    {
        ["length"] = new(FieldType.Integer, "Bytes of the NDEF message written (NLEN)."),
    };

    public static readonly OperationDescriptor ReadNdef = new("read-ndef", "Reads the NDEF message and decodes its records (URI, text, MIME; others as raw payload).")
    {
        Result = new Dictionary<string, OperationField>
        {
            ["length"] = new(FieldType.Integer, "NLEN: the message length in bytes (0 = empty tag)."),
            ["message"] = new(FieldType.Hex, "The raw NDEF message."),
            ["records"] = new(FieldType.Array, "Records: {tnf, type, kind (uri|text|mime|other), uri | text+language+encoding | mimeType, payload}."),
            ["maxSize"] = new(FieldType.Integer, "Size of the NDEF file from the capability container."),
            ["writable"] = new(FieldType.Boolean, "Whether the capability container grants write access."),
        },
    };

    public static readonly OperationDescriptor WriteNdefUri = new("write-ndef-uri", "Writes a message with one URI record (the prefix is abbreviated with the NFC Forum table).")
    {
        Arguments = new Dictionary<string, OperationField> { ["uri"] = new(FieldType.String, "The URI, for example https://example.org/.") },
        Result = WriteResult,
    };

    public static readonly OperationDescriptor WriteNdefText = new("write-ndef-text", "Writes a message with one text record, UTF-8 encoded.")
    {
        Arguments = new Dictionary<string, OperationField>
        {
            ["text"] = new(FieldType.String, "The text."),
            ["language"] = new(FieldType.String, "IANA language code, 1-63 characters; default \"en\".", Required: false),
        },
        Result = WriteResult,
    };

    /// <summary>Every operation, for the manifest.</summary>
    public static IReadOnlyList<OperationDescriptor> All { get; } = [ReadNdef, WriteNdefUri, WriteNdefText];
}
