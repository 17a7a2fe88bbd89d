using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.Ndef;

/// <summary>The operations of <see cref="NdefSession"/>, as shown to operators: each declared once, for the manifest and the session's registration.</summary>
internal static class NdefOperations
{
    private static readonly Dictionary<string, OperationField> WriteResult = new()
    {
        ["length"] = new(FieldType.Integer, "Bytes of the NDEF message written (NLEN)."),
    };

    private static readonly Dictionary<string, OperationField> VerifyResult = new()
    {
        ["applied"] = new(FieldType.Boolean, "True when the tag's NDEF message is exactly what the write with these arguments writes."),
    };

    private static readonly Dictionary<string, OperationField> UriArguments = new()
    {
        ["uri"] = new(FieldType.String, "The URI, for example https://example.org/."),
    };

    private static readonly Dictionary<string, OperationField> TextArguments = new()
    {
        ["text"] = new(FieldType.String, "The text."),
        ["language"] = new(FieldType.String, "IANA language code, 1-63 characters; default \"en\".", Required: false),
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

    public static readonly OperationDescriptor VerifyNdefUri = new("verify-ndef-uri", "Tells whether the tag holds exactly the message write-ndef-uri writes for this URI; reads only.")
    {
        Arguments = UriArguments,
        Result = VerifyResult,
    };

    public static readonly OperationDescriptor VerifyNdefText = new("verify-ndef-text", "Tells whether the tag holds exactly the message write-ndef-text writes for this text and language; reads only.")
    {
        Arguments = TextArguments,
        Result = VerifyResult,
    };

    public static readonly OperationDescriptor WriteNdefUri = new("write-ndef-uri", "Writes a message with one URI record (the prefix is abbreviated with the NFC Forum table).")
    {
        Arguments = UriArguments,
        Result = WriteResult,
        VerifiedBy = VerifyNdefUri.Name,
    };

    public static readonly OperationDescriptor WriteNdefText = new("write-ndef-text", "Writes a message with one text record, UTF-8 encoded.")
    {
        Arguments = TextArguments,
        Result = WriteResult,
        VerifiedBy = VerifyNdefText.Name,
    };

    /// <summary>Every operation, for the manifest.</summary>
    public static IReadOnlyList<OperationDescriptor> All { get; } = [ReadNdef, WriteNdefUri, WriteNdefText, VerifyNdefUri, VerifyNdefText];
}
