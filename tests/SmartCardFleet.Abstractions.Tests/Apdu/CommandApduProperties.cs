using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Abstractions.Tests.Apdu;

public class CommandApduProperties
{
    private static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(i => (byte)i);

    // Lengths cluster around the short/extended boundaries, where encoding bugs live.
    private static readonly Gen<int> DataLength = Gen.OneOf(Gen.Choose(0, 4), Gen.Choose(250, 260), Gen.Choose(0, 1000), Gen.Choose(65530, 65535));

    private static readonly Gen<int> NeGen = Gen.OneOf(Gen.Constant(0), Gen.Choose(1, 3), Gen.Choose(250, 260), Gen.Choose(0, 65536), Gen.Choose(65530, 65536));

    private static readonly Gen<CommandApdu> Apdus =
        from header in Gen.ArrayOf(AnyByte, 4)
        from nc in DataLength
        from fill in AnyByte
        from ne in NeGen
        from forceExtended in Gen.Elements(false, true)
        select new CommandApdu(header[0], header[1], header[2], header[3], Enumerable.Repeat(fill, nc).Select((b, i) => (byte)(b + i)).ToArray(), ne)
        {
            ForceExtended = forceExtended,
        };

    [Property(MaxTest = 300)]
    public Property Encode_then_parse_returns_an_equal_command_with_identical_bytes() =>
        Prop.ForAll(Apdus.ToArbitrary(), apdu =>
        {
            var bytes = apdu.ToBytes();
            var parsed = CommandApdu.Parse(bytes);
            return parsed.Equals(apdu) && parsed.ToBytes().AsSpan().SequenceEqual(bytes) && parsed.Case == apdu.Case;
        });

    [Property(MaxTest = 300)]
    public Property Encoded_length_matches_the_ISO_case_layout() =>
        Prop.ForAll(Apdus.ToArbitrary(), apdu =>
        {
            var lc = apdu.Lc == 0 ? 0 : apdu.IsExtended ? 3 : 1;
            var le = apdu.Ne == 0 ? 0 : !apdu.IsExtended ? 1 : apdu.Lc == 0 ? 3 : 2;
            return apdu.ToBytes().Length == 4 + lc + apdu.Lc + le;
        });
}
