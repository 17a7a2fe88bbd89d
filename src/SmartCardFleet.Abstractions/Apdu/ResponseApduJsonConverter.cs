namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>JSON for <see cref="ResponseApdu"/> as one hex string: data followed by SW1 SW2.</summary>
public sealed class ResponseApduJsonConverter : TextJsonConverter<ResponseApdu>
{
    /// <inheritdoc />
    protected override string ValueName => "response APDU";

    /// <inheritdoc />
    protected override string Example => "90 00";

    /// <inheritdoc />
    protected override ResponseApdu ParseText(string text) => ResponseApdu.Parse(Hex.Parse(text));

    /// <inheritdoc />
    protected override string FormatText(ResponseApdu value) => Hex.Format(value.ToBytes(), ' ');
}
