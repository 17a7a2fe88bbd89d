namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>
/// JSON for <see cref="CommandApdu"/> as one hex string. Commands whose bodies carry secrets (see
/// <see cref="ApduRedactor"/>) are written in redacted form, so serialising an event or trace never leaks a PIN;
/// such strings cannot be read back.
/// </summary>
public sealed class CommandApduJsonConverter : TextJsonConverter<CommandApdu>
{
    /// <inheritdoc />
    protected override string ValueName => "command APDU";

    /// <inheritdoc />
    protected override string Example => "00 A4 04 00 07 D2 76 00 00 85 01 01 00";

    /// <inheritdoc />
    protected override string ParseAdvice => " (redacted commands cannot be read back)";

    /// <inheritdoc />
    protected override CommandApdu ParseText(string text) => CommandApdu.Parse(Hex.Parse(text));

    /// <inheritdoc />
    protected override string FormatText(CommandApdu value) => ApduRedactor.ForLog(value);
}
