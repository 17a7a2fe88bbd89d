namespace SmartCardFleet.Pcsc;

/// <summary>
/// SCARD_ATTR_* identifiers for SCardGetAttrib/SetAttrib: <c>(class &lt;&lt; 16) | tag</c>. Drivers implement
/// what they like; expect <see cref="PcscError.UnsupportedFeature"/>/<see cref="PcscError.Unexpected"/> for the rest.
/// </summary>
public static class PcscAttributes
{
    private const uint VendorInfo = 1;
    private const uint Communications = 2;
    private const uint Protocol = 3;
    private const uint Mechanical = 6;
    private const uint IfdProtocol = 8;
    private const uint IccState = 9;
    private const uint System = 0x7FFF;

    public const uint VendorName = (VendorInfo << 16) | 0x0100;
    public const uint VendorIfdType = (VendorInfo << 16) | 0x0101;
    public const uint VendorIfdVersion = (VendorInfo << 16) | 0x0102;
    public const uint VendorIfdSerialNumber = (VendorInfo << 16) | 0x0103;
    public const uint ChannelId = (Communications << 16) | 0x0110;
    public const uint AsyncProtocolTypes = (Protocol << 16) | 0x0120;
    public const uint DefaultClock = (Protocol << 16) | 0x0121;
    public const uint MaxClock = (Protocol << 16) | 0x0122;
    public const uint DefaultDataRate = (Protocol << 16) | 0x0123;
    public const uint MaxDataRate = (Protocol << 16) | 0x0124;
    public const uint MaxIfsd = (Protocol << 16) | 0x0125;

    /// <summary>A DWORD of <see cref="ReaderMechanicalCharacteristics"/> flags.</summary>
    public const uint Characteristics = (Mechanical << 16) | 0x0150;

    public const uint CurrentProtocolType = (IfdProtocol << 16) | 0x0201;
    public const uint CurrentClock = (IfdProtocol << 16) | 0x0202;
    public const uint CurrentIfsc = (IfdProtocol << 16) | 0x0207;
    public const uint CurrentIfsd = (IfdProtocol << 16) | 0x0208;
    public const uint IccPresence = (IccState << 16) | 0x0300;
    public const uint IccInterfaceStatus = (IccState << 16) | 0x0301;
    public const uint AtrString = (IccState << 16) | 0x0303;
    public const uint DeviceFriendlyName = (System << 16) | 0x0003;
    public const uint DeviceSystemName = (System << 16) | 0x0004;

    /// <summary>pcsc-lite's SCARD_ATTR_MAXINPUT: the largest command the reader accepts.</summary>
    public const uint MaxInput = 0x0007A007;
}
