using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Iso7816;

namespace SmartCardFleet.Abstractions.Tests.Apdu;

public class ApduRedactorTests
{
    private static readonly Iso7816Builder Iso = new();

    [Fact]
    public void When_a_VERIFY_is_logged_the_PIN_is_replaced_and_header_and_Lc_are_kept()
    {
        using var pin = Secret.FromUtf8("123456");

        var text = ApduRedactor.ForLog(Iso.Verify(0x81, pin));

        Assert.Equal("00 20 00 81 06 [6 bytes redacted]", text);
    }

    [Fact]
    public void When_a_command_is_printed_with_ToString_the_same_redaction_applies()
    {
        using var current = Secret.FromUtf8("1234");
        using var next = Secret.FromUtf8("5678");

        var text = $"{Iso.ChangeReferenceData(0x80, current, next)}";

        Assert.Equal("00 24 00 80 08 [8 bytes redacted]", text);
    }

    [Fact]
    public void When_a_RESET_RETRY_COUNTER_is_logged_from_raw_bytes_the_body_is_redacted()
    {
        var text = ApduRedactor.ForLog(Hex.Parse("00 2C 00 81 04 31 32 33 34"));

        Assert.Equal("00 2C 00 81 04 [4 bytes redacted]", text);
        Assert.DoesNotContain("31 32", text, StringComparison.Ordinal);
    }

    [Fact]
    public void When_an_extended_sensitive_command_has_Le_the_three_byte_Lc_and_the_Le_stay_visible()
    {
        var apdu = new CommandApdu(0x00, 0x21, 0x00, 0x81, new byte[300], 256);

        Assert.Equal("00 21 00 81 00 01 2C [300 bytes redacted] 01 00", ApduRedactor.ForLog(apdu));
    }

    [Fact]
    public void When_a_sensitive_command_is_malformed_everything_after_the_header_is_hidden()
    {
        Assert.Equal("00 20 00 81 [3 bytes redacted, malformed]", ApduRedactor.ForLog(Hex.Parse("00 20 00 81 05 31 32")));
    }

    [Fact]
    public void When_a_plugin_declares_an_extra_sensitive_instruction_its_body_is_redacted_too()
    {
        var apdu = new CommandApdu(0x80, 0x42, 0x00, 0x00, [0xAA, 0xBB]);

        Assert.Equal("80 42 00 00 02 AA BB", ApduRedactor.ForLog(apdu));
        Assert.Equal("80 42 00 00 02 [2 bytes redacted]", ApduRedactor.ForLog(apdu, [0x42]));
    }

    [Fact]
    public void When_a_command_carries_no_secret_it_is_logged_in_full()
    {
        Assert.Equal("00 A4 04 00 02 A0 00 00", ApduRedactor.ForLog(Iso.SelectByName([0xA0, 0x00])));
        Assert.Equal("00 20 00 81", ApduRedactor.ForLog(Iso.VerifyStatus(0x81)));
    }

    [Fact]
    public void When_a_response_is_logged_its_data_can_be_hidden()
    {
        var response = ResponseApdu.Parse(Hex.Parse("0102 9000"));

        Assert.Equal("01 02 90 00", ApduRedactor.ForLog(response));
        Assert.Equal("[2 bytes redacted] 90 00", ApduRedactor.ForLog(response, redactData: true));
    }
}
