namespace SmartCardFleet.VirtualCards.Cards.FileSystem;

/// <summary>Builds the SELECT answers of ISO 7816-4 §7.4: FCP (62), FMD (64) and FCI (6F).</summary>
internal static class FileControlParameters
{
    public static byte[] For(CardFile file, byte p2) => (p2 & 0x0C) switch
    {
        0x00 => Tlv(0x6F, Content(file)),
        0x04 => Tlv(0x62, Content(file)),
        0x08 => Tlv(0x64, []),
        _ => [],
    };

    private static byte[] Content(CardFile file)
    {
        var parts = new List<byte>();
        switch (file)
        {
            case TransparentFile ef:
                parts.AddRange(Tlv(0x80, [(byte)(ef.Size >> 8), (byte)ef.Size]));
                parts.AddRange(Tlv(0x82, [0x01]));
                break;
            case RecordFile ef:
                parts.AddRange(Tlv(0x80, [(byte)((ef.RecordLength * ef.Records.Count) >> 8), (byte)(ef.RecordLength * ef.Records.Count)]));
                parts.AddRange(Tlv(0x82, [0x02, 0x21, 0x00, (byte)ef.RecordLength, (byte)ef.Records.Count]));
                break;
            case DedicatedFile:
                parts.AddRange(Tlv(0x82, [0x38]));
                break;
        }

        parts.AddRange(Tlv(0x83, [(byte)(file.FileId >> 8), (byte)file.FileId]));
        if (file is DedicatedFile { Name.Count: > 0 } df)
        {
            parts.AddRange(Tlv(0x84, [.. df.Name]));
        }

        if (file.ShortId is { } sfi)
        {
            parts.AddRange(Tlv(0x88, [(byte)(sfi << 3)]));
        }

        parts.AddRange(Tlv(0x8A, [0x05])); // life cycle: operational, activated
        return [.. parts];
    }

    private static byte[] Tlv(byte tag, byte[] value) => [tag, (byte)value.Length, .. value];
}
