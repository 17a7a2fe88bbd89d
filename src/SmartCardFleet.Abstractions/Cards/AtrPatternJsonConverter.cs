namespace SmartCardFleet.Abstractions.Cards;

/// <summary>JSON for <see cref="AtrPattern"/> as one string <c>"3B:8F:80:01/FF:FF:FF:00"</c> (mask optional), or
/// <c>"*"</c> for <see cref="AtrPattern.Any"/>.</summary>
public sealed class AtrPatternJsonConverter : TextJsonConverter<AtrPattern>
{
    /// <inheritdoc />
    protected override string ValueName => "ATR pattern";

    /// <inheritdoc />
    protected override string Example => "3B:02:14:50/FF:FF:FF:FF";

    /// <inheritdoc />
    protected override AtrPattern ParseText(string text) => AtrPattern.Parse(text);

    /// <inheritdoc />
    protected override string FormatText(AtrPattern value) => value.ToString();
}
