using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Abstractions.Tests.Apdu;

public class StatusWordTests
{
    [Theory]
    [InlineData(0x9000, "Success")]
    [InlineData(0x6281, "part of returned data may be corrupted")]
    [InlineData(0x6282, "end of file or record reached")]
    [InlineData(0x6283, "selected file deactivated")]
    [InlineData(0x6581, "memory failure")]
    [InlineData(0x6700, "Wrong length")]
    [InlineData(0x6882, "Secure messaging not supported")]
    [InlineData(0x6982, "Security status not satisfied")]
    [InlineData(0x6983, "Authentication method blocked")]
    [InlineData(0x6984, "Reference data not usable")]
    [InlineData(0x6985, "Conditions of use not satisfied")]
    [InlineData(0x6986, "no current EF")]
    [InlineData(0x6A80, "Incorrect parameters in the command data field")]
    [InlineData(0x6A81, "Function not supported")]
    [InlineData(0x6A82, "File or application not found")]
    [InlineData(0x6A83, "Record not found")]
    [InlineData(0x6A86, "Incorrect parameters P1-P2")]
    [InlineData(0x6A88, "Referenced data or reference data not found")]
    [InlineData(0x6B00, "Wrong parameters P1-P2")]
    [InlineData(0x6D00, "Instruction code not supported")]
    [InlineData(0x6E00, "Class not supported")]
    [InlineData(0x6F00, "No precise diagnosis")]
    [InlineData(0x6120, "32 bytes still available")]
    [InlineData(0x6100, "256 bytes still available")]
    [InlineData(0x6C10, "resend with Le = 16")]
    [InlineData(0x63C3, "3 retries left")]
    [InlineData(0x6A99, "Checking error")]
    [InlineData(0x9F10, "Proprietary")]
    public void Each_status_word_has_its_ISO_7816_4_meaning(int value, string expected)
    {
        var sw = new StatusWord((ushort)value);

        Assert.Contains(expected, sw.Meaning, StringComparison.Ordinal);
    }

    [Fact]
    public void When_built_from_two_bytes_SW1_is_high_and_SW2_is_low()
    {
        var sw = new StatusWord(0x6A, 0x82);

        Assert.Equal(0x6A82, sw.Value);
        Assert.Equal(0x6A, sw.Sw1);
        Assert.Equal(0x82, sw.Sw2);
        Assert.Equal("6A82 (File or application not found)", sw.ToString());
    }
}
