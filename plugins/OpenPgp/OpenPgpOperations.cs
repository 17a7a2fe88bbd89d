using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.OpenPgp;

/// <summary>The operations of <see cref="OpenPgpSession"/>, as shown to operators: each declared once, for the manifest and the session's registration.</summary>
internal static class OpenPgpOperations
{
    public static readonly OperationDescriptor GetApplicationData = new("get-application-data", "Reads the full AID (GET DATA 4F): specification version, manufacturer and serial number.")
    {
        Result = new Dictionary<string, OperationField>
        {
            ["aid"] = new(FieldType.Hex, "The 16-byte application identifier."),
            ["version"] = new(FieldType.String, "OpenPGP specification version, for example \"3.4\"."),
            ["manufacturer"] = new(FieldType.Hex, "Manufacturer id, 2 bytes."),
            ["manufacturerName"] = new(FieldType.String, "Manufacturer name when known."),
            ["serial"] = new(FieldType.Hex, "Serial number, 4 bytes."),
        },
    };

    public static readonly OperationDescriptor CardholderName = new("cardholder-name", "Reads the cardholder related data (GET DATA 65) and its name (5B).")
    {
        Result = new Dictionary<string, OperationField>
        {
            ["name"] = new(FieldType.String, "The name as stored (surname<<given names)."),
            ["displayName"] = new(FieldType.String, "The name with the filler characters replaced by spaces."),
            ["language"] = new(FieldType.String, "Language preferences (5F2D), when present.", Required: false),
        },
    };

    public static readonly OperationDescriptor Fingerprints = new("fingerprints", "Reads the key fingerprints (C5 inside the application related data 6E).")
    {
        Result = new Dictionary<string, OperationField>
        {
            ["signature"] = new(FieldType.Hex, "Signature key fingerprint (20 bytes), null when no key.", Required: false),
            ["decryption"] = new(FieldType.Hex, "Decryption key fingerprint, null when no key.", Required: false),
            ["authentication"] = new(FieldType.Hex, "Authentication key fingerprint, null when no key.", Required: false),
        },
    };

    public static readonly OperationDescriptor PinRetryCounters = new("pin-retry-counters", "Reads the PW status bytes (GET DATA C4): tries left per PIN.")
    {
        Result = new Dictionary<string, OperationField>
        {
            ["pw1"] = new(FieldType.Integer, "Tries left for the user PIN (PW1)."),
            ["resettingCode"] = new(FieldType.Integer, "Tries left for the resetting code."),
            ["pw3"] = new(FieldType.Integer, "Tries left for the admin PIN (PW3)."),
            ["pw1ValidForSeveralSignatures"] = new(FieldType.Boolean, "Whether one PW1 verification allows several signatures."),
        },
    };

    public static readonly OperationDescriptor VerifyPin = new("verify-pin", "VERIFY a PIN. The PIN is never logged or returned; a wrong PIN answers with the tries left.")
    {
        Arguments = new Dictionary<string, OperationField>
        {
            ["pin"] = new(FieldType.Secret, "The PIN (UTF-8 digits or text)."),
            ["reference"] = new(FieldType.String, "\"pw1\" (82, default), \"pw1-sign\" (81) or \"pw3\" (83).", Required: false),
        },
        Result = new Dictionary<string, OperationField>
        {
            ["verified"] = new(FieldType.Boolean, "True when the card accepted the PIN."),
            ["retriesLeft"] = new(FieldType.Integer, "Tries left after a wrong PIN.", Required: false),
            ["blocked"] = new(FieldType.Boolean, "True when the PIN is blocked."),
        },
    };

    /// <summary>Every operation, for the manifest.</summary>
    public static IReadOnlyList<OperationDescriptor> All { get; } = [GetApplicationData, CardholderName, Fingerprints, PinRetryCounters, VerifyPin];
}
