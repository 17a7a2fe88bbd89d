using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SmartCardFleet.Abstractions.Tlv;

namespace SmartCardFleet.Abstractions.Tests.Tlv;

public class TlvProperties
{
    private static readonly Gen<byte[]> Values = Gen.OneOf(
        Gen.Choose(0, 130),
        Gen.Choose(250, 300)).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i), n));

    private static readonly Gen<uint> PrimitiveTags = Gen.Elements(0x80u, 0x84u, 0x5Au, 0x5F2Du, 0x9F7Fu, 0x5F8101u, 0xDF818201u);

    private static readonly Gen<uint> ConstructedTags = Gen.Elements(0x6Fu, 0xA5u, 0x7F49u, 0x7F818201u);

    private static Gen<BerTlv> Tlvs(int depth) =>
        depth == 0
            ? PrimitiveTags.SelectMany(tag => Values.Select(v => BerTlv.Primitive(tag, v)))
            : Gen.OneOf(
                Tlvs(0),
                ConstructedTags.SelectMany(tag => Gen.Choose(0, 3)
                    .SelectMany(n => Gen.ArrayOf(Tlvs(depth - 1), n))
                    .Select(children => BerTlv.Constructed(tag, children))));

    private static bool SameTree(BerTlv a, BerTlv b) =>
        a.Tag == b.Tag
        && a.Value.Span.SequenceEqual(b.Value.Span)
        && a.Children.Count == b.Children.Count
        && a.Children.Zip(b.Children).All(pair => SameTree(pair.First, pair.Second));

    [Property(MaxTest = 200)]
    public Property Written_BER_TLV_reads_back_as_the_same_tree() =>
        Prop.ForAll(Gen.ArrayOf(Tlvs(2), 3).ToArbitrary(), objects =>
        {
            var writer = new BerTlvWriter();
            foreach (var tlv in objects)
            {
                writer.Write(tlv);
            }

            var read = BerTlvReader.ParseAll(writer.ToArray());
            return read.Count == objects.Length && read.Zip(objects).All(pair => SameTree(pair.First, pair.Second));
        });

    [Property(MaxTest = 200)]
    public Property Written_SIMPLE_TLV_reads_back_with_the_same_tags_and_values() =>
        Prop.ForAll(
            Gen.ArrayOf(Gen.Choose(1, 254).SelectMany(tag => Values.Select(v => new SimpleTlv((byte)tag, v)))).ToArbitrary(),
            objects =>
            {
                var bytes = objects.SelectMany(o => o.Encode()).ToArray();
                var read = SimpleTlv.ParseAll(bytes);
                return read.SequenceEqual(objects);
            });
}
