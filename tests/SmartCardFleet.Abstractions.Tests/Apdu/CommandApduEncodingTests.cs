using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Abstractions.Tests.Apdu;

public class CommandApduEncodingTests
{
    private static byte[] Bytes(int count, byte start = 0) => Enumerable.Range(start, count).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData(0, 0, ApduCase.Case1, false, "00A40400")]
    [InlineData(0, 1, ApduCase.Case2, false, "00A4040001")]
    [InlineData(0, 256, ApduCase.Case2, false, "00A4040000")]
    [InlineData(0, 257, ApduCase.Case2, true, "00A4040000" + "0101")]
    [InlineData(0, 65536, ApduCase.Case2, true, "00A4040000" + "0000")]
    [InlineData(2, 0, ApduCase.Case3, false, "00A40400" + "02" + "0001")]
    [InlineData(2, 256, ApduCase.Case4, false, "00A40400" + "02" + "0001" + "00")]
    [InlineData(2, 300, ApduCase.Case4, true, "00A40400" + "000002" + "0001" + "012C")]
    [InlineData(2, 65536, ApduCase.Case4, true, "00A40400" + "000002" + "0001" + "0000")]
    public void When_lengths_vary_the_case_and_exact_bytes_follow_ISO_7816_3(int nc, int ne, ApduCase expectedCase, bool extended, string expectedHex)
    {
        var apdu = new CommandApdu(0x00, 0xA4, 0x04, 0x00, Bytes(nc), ne);

        Assert.Equal(expectedCase, apdu.Case);
        Assert.Equal(extended, apdu.IsExtended);
        Assert.Equal(expectedHex, Hex.Format(apdu.ToBytes()));
        Assert.Equal(apdu, CommandApdu.Parse(apdu.ToBytes()));
    }

    [Fact]
    public void When_data_is_longer_than_255_bytes_Lc_is_extended_and_case_3E_encodes_three_length_bytes()
    {
        var apdu = new CommandApdu(0x80, 0xDA, 0x01, 0x02, Bytes(300));

        var bytes = apdu.ToBytes();

        Assert.Equal(ApduCase.Case3, apdu.Case);
        Assert.True(apdu.IsExtended);
        Assert.Equal(4 + 3 + 300, bytes.Length);
        Assert.Equal("80DA0102" + "00012C", Hex.Format(bytes.AsSpan(0, 7)));
        Assert.Equal(apdu, CommandApdu.Parse(bytes));
    }

    [Fact]
    public void When_data_is_65535_bytes_and_Ne_65536_the_encoding_is_the_maximum_of_65544_bytes()
    {
        var apdu = new CommandApdu(0x00, 0xD6, 0x00, 0x00, new byte[65535], 65536);

        var bytes = apdu.ToBytes();

        Assert.Equal(CommandApdu.MaxEncodedLength, bytes.Length);
        Assert.Equal("00FFFF", Hex.Format(bytes.AsSpan(4, 3)));
        Assert.Equal("0000", Hex.Format(bytes.AsSpan(^2)));
    }

    [Fact]
    public void When_ForceExtended_is_set_small_lengths_use_extended_fields_and_parse_back_identically()
    {
        var apdu = new CommandApdu(0x00, 0xB0, 0x00, 0x00, ne: 16) { ForceExtended = true };

        var bytes = apdu.ToBytes();

        Assert.Equal("00B00000" + "000010", Hex.Format(bytes));
        var parsed = CommandApdu.Parse(bytes);
        Assert.True(parsed.IsExtended);
        Assert.Equal(bytes, parsed.ToBytes());
    }

    [Fact]
    public void When_a_field_is_changed_with_a_with_expression_the_original_is_untouched()
    {
        var original = new CommandApdu(0x00, 0xB0, 0x00, 0x00, ne: 256);

        var changed = original with { Ne = 16, P2 = 0x10 };

        Assert.Equal("00B0000000", Hex.Format(original.ToBytes()));
        Assert.Equal("00B0001010", Hex.Format(changed.ToBytes()));
    }

    [Fact]
    public void When_two_commands_carry_equal_data_in_different_arrays_they_are_equal()
    {
        var a = new CommandApdu(0x00, 0xA4, 0x04, 0x00, Bytes(5), 256);
        var b = new CommandApdu(0x00, 0xA4, 0x04, 0x00, Bytes(5), 256);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Data = Bytes(5, 1) });
    }

    [Fact]
    public void When_the_callers_buffer_changes_after_construction_the_command_does_not()
    {
        var buffer = new byte[] { 1, 2, 3 };
        var viaConstructor = new CommandApdu(0x00, 0xD6, 0x00, 0x00, buffer);
        var viaWith = viaConstructor with { Data = buffer };

        buffer[0] = 0xFF;

        Assert.Equal(1, viaConstructor.Data.Span[0]);
        Assert.Equal(1, viaWith.Data.Span[0]);
    }
}
