using SmartCardFleet.VirtualCards.Cards.Contactless;
using SmartCardFleet.VirtualCards.Cards.FileSystem;

namespace SmartCardFleet.VirtualCards.Cards.Nfc;

/// <summary>
/// An NFC Forum Type 4 tag (T4T 2.0) behind a PC/SC part 3 reader: NDEF application D2 76 00 00 85 01 01 with
/// the capability container E103 (read-only) and the NDEF file E104 (2-byte NLEN + message). READ/UPDATE BINARY
/// come from the ISO 7816-4 file system; writes persist while the object lives. FF CA answers UID and ATS.
/// </summary>
public sealed class NfcType4Tag : Iso7816FileSystemCard
{
    public const ushort CapabilityContainerFileId = 0xE103;
    public const ushort NdefFileId = 0xE104;
    private const ushort ApplicationFileId = 0xE110;
    private static readonly byte[] DefaultUid = [0x04, 0x51, 0x7C, 0xA2, 0x3B, 0x6E, 0x80];
    private static readonly byte[] DefaultAts = [0x06, 0x77, 0x77, 0x71, 0x02, 0x80];

    private readonly TransparentFile _ndefFile;

    /// <param name="ndefMessage">Initial NDEF message; default a URI record "https://example.com".</param>
    /// <param name="ndefFileSize">Size of the NDEF file including the 2-byte NLEN.</param>
    /// <param name="uid">7-byte UID by default.</param>
    public NfcType4Tag(byte[]? ndefMessage = null, int ndefFileSize = 1024, byte[]? uid = null)
        : base("nfc-type4", AnswerToReset.Part3Iso14443Part4([]), BuildTree(ndefMessage ?? NdefMessages.Uri("https://example.com"), ndefFileSize),
            new Dictionary<byte, PinSlot>(), new Dictionary<ushort, byte[]>())
    {
        Identity = new ContactlessIdentity(uid ?? DefaultUid, DefaultAts);
        var application = (DedicatedFile)MasterFile.Child(ApplicationFileId)!;
        _ndefFile = (TransparentFile)application.Child(NdefFileId)!;
    }

    /// <summary>The NDEF Tag Application name.</summary>
    public static byte[] NdefApplicationId => [0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01];

    public ContactlessIdentity Identity { get; }

    /// <summary>The NDEF message currently stored (NLEN bytes after the length field).</summary>
    public byte[] NdefMessage => WithLock(() =>
    {
        int length = Math.Min((_ndefFile.Content[0] << 8) | _ndefFile.Content[1], _ndefFile.Size - 2);
        return _ndefFile.Content.AsSpan(2, length).ToArray();
    });

    /// <summary>T4T 2.0: SELECT answers 90 00 only.</summary>
    protected override bool AnswersSelectWithControlParameters => false;

    protected override byte[] HandleReaderCommand(CardCommand command) =>
        ContactlessIdentity.IsGetData(command) ? Identity.Answer(command) : StatusWords.Only(StatusWords.InstructionNotSupported);

    private static DedicatedFile BuildTree(byte[] message, int ndefFileSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ndefFileSize, message.Length + 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ndefFileSize, 0x7FFF);
        byte[] capabilityContainer =
        [
            0x00, 0x0F, // CCLEN
            0x20,       // mapping version 2.0
            0x00, 0xFF, // MLe: max R-APDU data size
            0x00, 0xFF, // MLc: max C-APDU data size
            0x04, 0x06, // NDEF File Control TLV
            0xE1, 0x04, // NDEF file identifier
            (byte)(ndefFileSize >> 8), (byte)ndefFileSize,
            0x00,       // read access: granted
            0x00,       // write access: granted
        ];
        byte[] ndef = [(byte)(message.Length >> 8), (byte)message.Length, .. message];

        var mf = new DedicatedFile(0x3F00);
        var application = mf.Add(new DedicatedFile(ApplicationFileId, NdefApplicationId));
        application.Add(new TransparentFile(CapabilityContainerFileId, capabilityContainer) { Write = AccessCondition.Never });
        application.Add(new TransparentFile(NdefFileId, ndef, ndefFileSize));
        return mf;
    }
}
