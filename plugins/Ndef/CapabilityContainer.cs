using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.Ndef;

/// <summary>The Type 4 Tag capability container (file E103): transfer sizes and the NDEF file's id, size and access.</summary>
internal sealed record CapabilityContainer(int MaxRead, int MaxWrite, ushort NdefFileId, int MaxNdefSize, bool Readable, bool Writable)
{
    public const ushort FileId = 0xE103;

    /// <summary>CCLEN(2) version(1) MLe(2) MLc(2), then the NDEF File Control TLV: T=04 L=06 (file id, size 2 bytes)
    /// or T=06 L=08 (extended, size 4 bytes), then read and write access bytes (00 = granted).</summary>
    public static CapabilityContainer Parse(ReadOnlySpan<byte> cc)
    {
        if (cc.Length < 15)
        {
            throw Invalid($"is {cc.Length} bytes, shorter than the 15 a Type 4 Tag needs");
        }

        var mle = (cc[3] << 8) | cc[4];
        var mlc = (cc[5] << 8) | cc[6];
        var (tag, length) = (cc[7], cc[8]);
        var fileId = (ushort)((cc[9] << 8) | cc[10]);
        switch (tag, length)
        {
            case (0x04, 0x06):
                return new(Math.Max(mle, 1), Math.Max(mlc, 1), fileId, (cc[11] << 8) | cc[12], cc[13] == 0x00, cc[14] == 0x00);
            case (0x06, 0x08) when cc.Length >= 17:
                var size = (int)Math.Min(int.MaxValue, ((uint)cc[11] << 24) | ((uint)cc[12] << 16) | ((uint)cc[13] << 8) | cc[14]);
                return new(Math.Max(mle, 1), Math.Max(mlc, 1), fileId, size, cc[15] == 0x00, cc[16] == 0x00);
            default:
                throw Invalid($"has no NDEF File Control TLV (found tag {tag:X2} length {length:X2})");
        }
    }

    private static CardOperationException Invalid(string problem) =>
        new(CardOperationError.NotSupported, $"The tag's capability container {problem}.");
}
