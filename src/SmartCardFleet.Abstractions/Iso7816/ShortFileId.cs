namespace SmartCardFleet.Abstractions.Iso7816;

/// <summary>A short EF identifier (SFI), 1 to 30, used to address an EF in P1 or P2 without selecting it first.</summary>
public readonly record struct ShortFileId
{
    /// <summary>Creates a short EF identifier.</summary>
    /// <param name="value">1 to 30 (0 means "current EF" and 31 is reserved in ISO/IEC 7816-4).</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1–30.</exception>
    public ShortFileId(int value)
    {
        if (value is < 1 or > 30)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A short EF identifier must be between 1 and 30.");
        }

        Value = (byte)value;
    }

    /// <summary>The identifier, 1 to 30.</summary>
    public byte Value { get; }

    /// <summary>Formats as <c>SFI n</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"SFI {Value}";
}
