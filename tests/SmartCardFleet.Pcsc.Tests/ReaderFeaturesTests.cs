namespace SmartCardFleet.Pcsc.Tests;

public sealed class ReaderFeaturesTests
{
    [Fact]
    public void Six_byte_records_map_features_to_big_endian_control_codes()
    {
        byte[] tlv =
        [
            0x06, 0x04, 0x42, 0x33, 0x00, 0x06,
            0x12, 0x04, 0x42, 0x33, 0x00, 0x12,
        ];
        var features = ReaderFeatures.Parse(tlv);
        Assert.Equal(0x42330006u, features.ControlCodes[ReaderFeature.VerifyPinDirect]);
        Assert.True(features.Supports(ReaderFeature.GetTlvProperties));
        Assert.False(features.Supports(ReaderFeature.ModifyPinDirect));
    }

    [Fact]
    public void Windows_encoded_codes_turn_into_function_numbers()
    {
        byte[] tlv = [0x13, 0x04, 0x00, 0x31, 0x36, 0xB0];
        Assert.Equal(3500u, ReaderFeatures.Parse(tlv).GetFunctionNumber(ReaderFeature.CcidEscCommand));
        Assert.Null(ReaderFeatures.Parse(tlv).GetFunctionNumber(ReaderFeature.Abort));
    }

    [Fact]
    public void An_empty_answer_means_no_features() => Assert.Empty(ReaderFeatures.Parse([]).ControlCodes);

    [Fact]
    public void When_the_length_is_not_a_multiple_of_six_parsing_fails_clearly()
    {
        var ex = Assert.Throws<FormatException>(() => ReaderFeatures.Parse([0x06, 0x04, 0x42, 0x33, 0x00]));
        Assert.Contains("6-byte records", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_record_length_is_not_four_parsing_fails_clearly() =>
        Assert.Throws<FormatException>(() => ReaderFeatures.Parse([0x06, 0x02, 0x42, 0x33, 0x00, 0x06]));

    [Fact]
    public void When_a_feature_repeats_parsing_fails_clearly() =>
        Assert.Throws<FormatException>(() => ReaderFeatures.Parse(
            [0x06, 0x04, 0x42, 0x33, 0x00, 0x06, 0x06, 0x04, 0x42, 0x33, 0x00, 0x07]));

    [Fact]
    public void Attribute_ids_are_class_shifted_tags()
    {
        Assert.Equal(0x00010100u, PcscAttributes.VendorName);
        Assert.Equal(0x00060150u, PcscAttributes.Characteristics);
        Assert.Equal(0x00090303u, PcscAttributes.AtrString);
        Assert.Equal(0x00080201u, PcscAttributes.CurrentProtocolType);
        Assert.Equal(2u, (uint)ReaderMechanicalCharacteristics.Ejects);
    }
}
