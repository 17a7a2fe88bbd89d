using SmartCardFleet.Abstractions.Tlv;

namespace SmartCardFleet.Abstractions.Tests.Tlv;

public class BerTlvTests
{
    [Fact]
    public void When_an_FCI_template_is_parsed_nested_objects_and_multi_byte_tags_are_found()
    {
        // 6F { 84 A0000003080000100000, A5 { 5F2D "en", 9F 7F 81 02 0102 } } ; 9F7F uses the long length form 81 02
        var data = Hex.Parse("6F19 840AA0000003080000100000 A50B 5F2D02656E 9F7F81020102 00 FF");

        var top = BerTlvReader.ParseAll(data);

        var fci = Assert.Single(top);
        Assert.Equal(0x6Fu, fci.Tag);
        Assert.True(fci.IsConstructed);
        Assert.Equal(2, fci.Children.Count);
        Assert.Equal("A0000003080000100000", Hex.Format(fci.Find(0x84)!.Value.Span));
        Assert.Equal("656E", Hex.Format(fci.Find(0x5F2D)!.Value.Span));
        Assert.Equal("0102", Hex.Format(BerTlvReader.Find(data, 0x9F7F)!.Value.Span));
        Assert.Null(fci.Find(0x4F));
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(127, "7F")]
    [InlineData(128, "8180")]
    [InlineData(255, "81FF")]
    [InlineData(256, "820100")]
    [InlineData(65536, "83010000")]
    public void When_a_length_is_encoded_the_shortest_definite_form_is_used(int length, string expected)
    {
        Assert.Equal(expected, Hex.Format(BerTlvWriter.EncodeLength(length)));
    }

    [Fact]
    public void When_constructed_objects_are_built_they_encode_with_nested_lengths()
    {
        var tlv = BerTlv.Constructed(0x7F49, BerTlv.Primitive(0x81, [0x01, 0x02]), BerTlv.Primitive(0x82, [0x03]));

        Assert.Equal("7F4907 81020102 820103".Replace(" ", string.Empty, StringComparison.Ordinal), Hex.Format(tlv.Encode()));
    }

    [Theory]
    [InlineData("5F", "multi-byte tag starting at offset 0 is cut off")]
    [InlineData("84", "no length byte at offset 1")]
    [InlineData("8405AABB", "announces 5 value bytes but only 2 remain")]
    [InlineData("8482FF", "length of tag 84 at offset 1 is cut off")]
    [InlineData("8480", "indefinite length")]
    [InlineData("6F03 8405AA", "tag 84 at offset 2 announces 5")]
    public void When_input_is_truncated_or_malformed_the_error_names_the_offset(string hex, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => BerTlvReader.ParseAll(Hex.Parse(hex)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x00u, "padding")]
    [InlineData(0x5Fu, "announce subsequent tag bytes")]
    [InlineData(0x8485u, "must be one byte")]
    [InlineData(0x5F81u, "must have it clear")]
    public void When_a_tag_is_malformed_building_fails(uint tag, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => new BerTlvWriter().Write(tag, [1]));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_constructed_bit_disagrees_with_the_factory_it_fails()
    {
        Assert.Throws<ArgumentException>(() => BerTlv.Primitive(0x6F, [1]));
        Assert.Throws<ArgumentException>(() => BerTlv.Constructed(0x84));
    }

    [Fact]
    public void When_FindAll_is_used_every_occurrence_is_returned_in_document_order()
    {
        var tlv = BerTlv.Constructed(0x70, BerTlv.Primitive(0x5A, [1]), BerTlv.Constructed(0x61, BerTlv.Primitive(0x5A, [2])));

        Assert.Equal([1, 2], tlv.FindAll(0x5A).Select(t => (int)t.Value.Span[0]));
    }
}
