using System.Text;

namespace SmartCardFleet.VirtualCards.Cards.FileSystem;

/// <summary>
/// The built-in file tree, with known content tests can rely on:
/// <code>
/// MF 3F00
/// ├─ EF.DIR 2F00 (records, SFI 30): one application template for the SmartCardFleet test application
/// ├─ EF.ATR 2F01 (transparent, SFI 29): <see cref="AtrInfo"/>
/// └─ DF 5000, name <see cref="ApplicationId"/>
///    ├─ EF 5001 (transparent, SFI 1): <see cref="GreetingText"/> padded with 00 to 64 bytes, writable
///    ├─ EF 5002 (transparent, SFI 2): <see cref="SecretText"/>, read and write need PIN 01
///    └─ EF 5003 (records of 16 bytes, SFI 3): "record 1", "record 2", "record 3" (padded with FF)
/// </code>
/// PIN reference 01 is "1234" (ASCII) with 3 tries. GET DATA: 9F7F (CPLC, 42 bytes), 0101 (serial, 8 bytes).
/// </summary>
public static class DefaultPersonalisation
{
    public const byte PinReference = 0x01;
    public const string GreetingText = "Hello from SmartCardFleet";
    public const string SecretText = "the secret file";
    public const ushort CplcTag = 0x9F7F;
    public const ushort SerialTag = 0x0101;

    /// <summary>F0 = proprietary category, then "SCFLEET" in ASCII.</summary>
    public static byte[] ApplicationId => [0xF0, 0x53, 0x43, 0x46, 0x4C, 0x45, 0x45, 0x54];

    public static byte[] Pin => "1234"u8.ToArray();

    public static byte[] Serial => [0x53, 0x43, 0x46, 0x00, 0x00, 0x00, 0x00, 0x01];

    public static byte[] AtrInfo => [0xE0, 0x10, 0x02, 0x02, 0x00, 0xFF];

    /// <summary>3B 8A 80 01 (T=0 and T=1) with 10 historical bytes "SCFleetFS1" (category 00 would need a status
    /// suffix; these are plain ASCII so only TCK is checked).</summary>
    public static byte[] Atr => AnswerToReset.WithCheckByte(
        [0x3B, 0x8A, 0x80, 0x01, .. "SCFleetFS1"u8]);

    public static Iso7816FileSystemCard Create() => new FileSystemCardBuilder()
        .WithPin(PinReference, Pin)
        .WithDataObject(CplcTag, Cplc())
        .WithDataObject(SerialTag, Serial)
        .WithFiles(AddFiles)
        .Build();

    private static void AddFiles(DedicatedFile mf)
    {
        byte[] dirRecord = [0x61, (byte)(ApplicationId.Length + 2 + 9), 0x4F, (byte)ApplicationId.Length, .. ApplicationId,
            0x50, 0x07, .. "SCFleet"u8];
        mf.Add(new RecordFile(0x2F00, 32, [dirRecord]) { ShortId = 30 });
        mf.Add(new TransparentFile(0x2F01, AtrInfo) { ShortId = 29 });
        var app = mf.Add(new DedicatedFile(0x5000, ApplicationId));
        app.Add(new TransparentFile(0x5001, Encoding.ASCII.GetBytes(GreetingText), size: 64) { ShortId = 1 });
        app.Add(new TransparentFile(0x5002, Encoding.ASCII.GetBytes(SecretText))
        {
            ShortId = 2,
            Read = AccessCondition.Pin(PinReference),
            Write = AccessCondition.Pin(PinReference),
        });
        app.Add(new RecordFile(0x5003, 16, ["record 1"u8.ToArray(), "record 2"u8.ToArray(), "record 3"u8.ToArray()]) { ShortId = 3 });
    }

    private static byte[] Cplc()
    {
        var cplc = new byte[42];
        for (int i = 0; i < cplc.Length; i++)
        {
            cplc[i] = (byte)i;
        }

        return cplc;
    }
}
