using System.Buffers.Binary;
using System.Collections.ObjectModel;

namespace SmartCardFleet.Pcsc;

/// <summary>
/// The part-10 feature list of a reader: for each feature, the control code to pass to SCardControl. The codes
/// arrive already encoded for the platform; <see cref="GetFunctionNumber"/> gives what
/// <see cref="IPcscApi.Control"/> expects.
/// </summary>
public sealed class ReaderFeatures
{
    private const int RecordLength = 6;
    private const int ValueLength = 4;

    private ReaderFeatures(IReadOnlyDictionary<ReaderFeature, uint> controlCodes) => ControlCodes = controlCodes;

    public static ReaderFeatures None { get; } = new(ReadOnlyDictionary<ReaderFeature, uint>.Empty);

    /// <summary>Feature tag → encoded control code, as the driver reported it.</summary>
    public IReadOnlyDictionary<ReaderFeature, uint> ControlCodes { get; }

    public bool Supports(ReaderFeature feature) => ControlCodes.ContainsKey(feature);

    /// <summary>The function number for <see cref="IPcscApi.Control"/>, or null when the reader lacks the feature.</summary>
    public uint? GetFunctionNumber(ReaderFeature feature) =>
        ControlCodes.TryGetValue(feature, out var code) ? PcscControlCode.ToFunctionNumber(code) : null;

    /// <summary>Parses the 6-byte records (tag, length 4, big-endian control code). Unknown tags are kept: a driver
    /// may know features newer than this enum. Throws <see cref="FormatException"/> on a malformed list.</summary>
    public static ReaderFeatures Parse(ReadOnlySpan<byte> response)
    {
        if (response.Length % RecordLength != 0)
        {
            throw new FormatException(
                $"A part-10 feature list is a sequence of {RecordLength}-byte records; got {response.Length} bytes.");
        }

        var codes = new Dictionary<ReaderFeature, uint>();
        for (var offset = 0; offset < response.Length; offset += RecordLength)
        {
            var record = response.Slice(offset, RecordLength);
            if (record[1] != ValueLength)
            {
                throw new FormatException(
                    $"Feature 0x{record[0]:X2} at offset {offset} has length {record[1]}; part 10 requires {ValueLength}.");
            }

            var feature = (ReaderFeature)record[0];
            if (!codes.TryAdd(feature, BinaryPrimitives.ReadUInt32BigEndian(record[2..])))
            {
                throw new FormatException($"Feature 0x{record[0]:X2} is listed twice.");
            }
        }

        return codes.Count == 0 ? None : new ReaderFeatures(codes.AsReadOnly());
    }
}
