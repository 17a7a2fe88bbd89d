using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Abstractions.Iso7816;

public sealed partial class Iso7816Builder
{
    /// <summary>
    /// GET DATA (CA) with the tag in P1-P2: 0040–00FF a one-byte BER tag, 0100–01FF proprietary,
    /// 0200–02FF a SIMPLE-TLV tag, 4000–FFFE a two-byte BER tag (for example 0x5F50).
    /// </summary>
    /// <param name="tag">The P1-P2 value.</param>
    /// <param name="ne">Bytes to read, 1 to 65536.</param>
    /// <returns>The case 2 command.</returns>
    public CommandApdu GetData(ushort tag, int ne = DefaultNe) =>
        new(Cla, Iso7816Ins.GetData, (byte)(tag >> 8), (byte)tag, ne: CheckNe(ne));

    /// <summary>PUT DATA (DA) with the tag in P1-P2 (same coding as <see cref="GetData"/>).</summary>
    /// <param name="tag">The P1-P2 value.</param>
    /// <param name="data">The data object contents.</param>
    /// <returns>The case 3 command.</returns>
    public CommandApdu PutData(ushort tag, ReadOnlySpan<byte> data) =>
        new(Cla, Iso7816Ins.PutData, (byte)(tag >> 8), (byte)tag, CheckBody(data));

    /// <summary>MANAGE CHANNEL open (70, P1 00, P2 00, Le 01): the card assigns and returns the channel number.</summary>
    /// <returns>The case 2 command.</returns>
    public CommandApdu OpenChannel() => new(Cla, Iso7816Ins.ManageChannel, 0x00, 0x00, ne: 1);

    /// <summary>MANAGE CHANNEL open of a specific channel (70, P1 00, P2 = channel).</summary>
    /// <param name="channel">1 to 19.</param>
    /// <returns>The case 1 command.</returns>
    public CommandApdu OpenChannel(byte channel) => new(Cla, Iso7816Ins.ManageChannel, 0x00, CheckChannel(channel));

    /// <summary>MANAGE CHANNEL close (70, P1 80, P2 = channel).</summary>
    /// <param name="channel">1 to 19 (the basic channel 0 cannot be closed).</param>
    /// <returns>The case 1 command.</returns>
    public CommandApdu CloseChannel(byte channel) => new(Cla, Iso7816Ins.ManageChannel, 0x80, CheckChannel(channel));

    private static byte CheckChannel(byte channel) =>
        channel is < 1 or > 19
            ? throw new ArgumentOutOfRangeException(nameof(channel), channel, "Logical channels are 1 to 19; channel 0 is the basic channel and is always open.")
            : channel;
}
