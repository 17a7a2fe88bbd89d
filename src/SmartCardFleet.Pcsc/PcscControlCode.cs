namespace SmartCardFleet.Pcsc;

/// <summary>
/// SCARD_CTL_CODE in its two encodings. <see cref="IPcscApi.Control"/> takes the function number (e.g. 3400);
/// part-10 feature lists return already encoded codes, which <see cref="ToFunctionNumber"/> turns back.
/// </summary>
public static class PcscControlCode
{
    /// <summary>CM_IOCTL_GET_FEATURE_REQUEST.</summary>
    public const uint GetFeatureRequest = 3400;

    /// <summary>IOCTL_CCID_ESCAPE (the CCID driver's escape command).</summary>
    public const uint CcidEscape = 3500;

    private const uint WindowsBase = 0x00310000;
    private const uint PcscLiteBase = 0x42000000;

    /// <summary>CTL_CODE(FILE_DEVICE_SMARTCARD, code, METHOD_BUFFERED, FILE_ANY_ACCESS).</summary>
    public static uint ForWindows(uint functionNumber) => WindowsBase | (CheckRange(functionNumber) << 2);

    /// <summary>pcsc-lite's reader.h form (also used on macOS).</summary>
    public static uint ForPcscLite(uint functionNumber) => PcscLiteBase + CheckRange(functionNumber);

    /// <summary>Recovers the function number from either encoding.</summary>
    public static uint ToFunctionNumber(uint encoded)
    {
        if ((encoded & 0xFFFF0000) == WindowsBase && (encoded & 0x3) == 0)
        {
            return (encoded & 0xFFFF) >> 2;
        }

        if (encoded is >= PcscLiteBase and <= PcscLiteBase + 0xFFF)
        {
            return encoded - PcscLiteBase;
        }

        throw new ArgumentOutOfRangeException(nameof(encoded), $"0x{encoded:X8} is not a SCARD_CTL_CODE in the Windows or pcsc-lite encoding.");
    }

    // CTL_CODE has a 12-bit function field; larger numbers would collide with the device type bits.
    private static uint CheckRange(uint functionNumber) => functionNumber <= 0xFFF
        ? functionNumber
        : throw new ArgumentOutOfRangeException(nameof(functionNumber), functionNumber, "A control function number must be at most 0xFFF.");
}
