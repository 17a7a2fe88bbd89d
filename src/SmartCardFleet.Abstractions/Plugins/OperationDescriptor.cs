using System.Text.Json.Nodes;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>Describes one argument or result field of an operation.</summary>
/// <param name="Type">The JSON shape.</param>
/// <param name="Description">What the field means, with units and ranges.</param>
/// <param name="Required">Whether an argument must be present (for results: whether it is always returned).</param>
public sealed record OperationField(FieldType Type, string Description, bool Required = true);

/// <summary>
/// Describes a named operation a card plugin offers: its arguments (a JSON object) and the fields of its result
/// (a JSON object). The host shows these to operators and checks secret fields before logging.
/// </summary>
/// <param name="Name">The operation name, lower-case with dashes, for example <c>read-binary</c>.</param>
/// <param name="Description">What the operation does.</param>
public sealed record OperationDescriptor(string Name, string Description)
{
    /// <summary>Arguments by name.</summary>
    public IReadOnlyDictionary<string, OperationField> Arguments { get; init; } = new Dictionary<string, OperationField>();

    /// <summary>Result fields by name (empty when the operation returns nothing).</summary>
    public IReadOnlyDictionary<string, OperationField> Result { get; init; } = new Dictionary<string, OperationField>();

    /// <summary>
    /// The name of another operation of the same plugin that tells whether this one was applied to a card (SDK 1.3.0),
    /// or null. It takes the same arguments and changes nothing on the card; its result is <c>{ "applied": true }</c>
    /// when the card holds what this operation with those arguments would write, else <c>{ "applied": false }</c>.
    /// Enrollment jobs run it on the same card after a crash or a pulled card left a row in doubt, instead of asking an
    /// operator or writing the card twice. The host refuses a manifest whose VerifiedBy names no declared operation,
    /// names the operation itself, or one with other argument names.
    /// </summary>
    public string? VerifiedBy { get; init; }

    /// <summary>
    /// A copy of the arguments fit for logs (rules: <see cref="ArgumentRedaction"/>): declared secrets and members named
    /// like secrets at any depth become <c>"***"</c>, undeclared arguments show only their JSON kind.
    /// </summary>
    /// <param name="arguments">The request arguments.</param>
    /// <returns>A redacted deep copy.</returns>
    public JsonObject RedactArguments(JsonObject? arguments) => ArgumentRedaction.Redact(arguments, Arguments);

    /// <summary>
    /// A copy of an operation's result fit for logs, events and journals: result fields declared
    /// <see cref="FieldType.Secret"/> and members named like secrets at any depth (<see cref="ArgumentRedaction"/>)
    /// become <c>"***"</c>; everything else is kept (a result's undeclared fields are the plugin's own answer).
    /// </summary>
    /// <param name="result">The operation's result.</param>
    /// <returns>A redacted deep copy, or null.</returns>
    public JsonNode? RedactResult(JsonNode? result) => ArgumentRedaction.RedactResult(result, Result);
}
