namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>JSON for <see cref="Aid"/> as a hex string.</summary>
public sealed class AidJsonConverter : TextJsonConverter<Aid>
{
    /// <inheritdoc />
    protected override string ValueName => "AID";

    /// <inheritdoc />
    protected override string Example => "D2760000850101";

    /// <inheritdoc />
    protected override Aid ParseText(string text) => Aid.Parse(text);

    /// <inheritdoc />
    protected override string FormatText(Aid value) => value.ToString();
}
