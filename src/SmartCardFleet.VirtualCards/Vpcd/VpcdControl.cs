namespace SmartCardFleet.VirtualCards.Vpcd;

/// <summary>The one-byte control messages vpcd sends.</summary>
public static class VpcdControl
{
    public const byte PowerOff = 0x00;
    public const byte PowerOn = 0x01;
    public const byte Reset = 0x02;
    public const byte GetAtr = 0x04;
}
