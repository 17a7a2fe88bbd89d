namespace SmartCardFleet.Pcsc.Tests.Interop;

public sealed class ControlCodeTests
{
    [Theory]
    [InlineData(3400u, 0x00313520u)]
    [InlineData(3500u, 0x003136B0u)]
    [InlineData(1u, 0x00310004u)]
    public void Windows_encoding_is_ctl_code_of_the_smart_card_device(uint function, uint expected) =>
        Assert.Equal(expected, PcscControlCode.ForWindows(function));

    [Theory]
    [InlineData(3400u, 0x42000D48u)]
    [InlineData(3500u, 0x42000DACu)]
    public void PcscLite_encoding_adds_0x42000000(uint function, uint expected) =>
        Assert.Equal(expected, PcscControlCode.ForPcscLite(function));

    [Theory]
    [InlineData(0x00313520u, 3400u)]
    [InlineData(0x42000D48u, 3400u)]
    [InlineData(0x42000DACu, 3500u)]
    public void Both_encodings_decode_back_to_the_function_number(uint encoded, uint function) =>
        Assert.Equal(function, PcscControlCode.ToFunctionNumber(encoded));

    [Fact]
    public void When_a_code_is_in_neither_encoding_decoding_says_so() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PcscControlCode.ToFunctionNumber(0x12345678));

    [Fact]
    public void When_a_function_number_exceeds_12_bits_encoding_refuses_it() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PcscControlCode.ForWindows(0x1000));
}
