using System.Text.Json.Serialization;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>The JSON shape of one argument or result field.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FieldType>))]
public enum FieldType
{
    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A JSON integer number.</summary>
    Integer,

    /// <summary>A JSON true/false.</summary>
    Boolean,

    /// <summary>A JSON string of hex digits (spaces, colons and dashes allowed), for binary data.</summary>
    Hex,

    /// <summary>A JSON string holding a PIN or key; never logged or echoed (read it as <see cref="Abstractions.Secret"/>).</summary>
    Secret,

    /// <summary>A JSON object.</summary>
    Object,

    /// <summary>A JSON array.</summary>
    Array,
}
