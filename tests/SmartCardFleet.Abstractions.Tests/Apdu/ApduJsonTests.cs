using System.Text.Json;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Iso7816;

namespace SmartCardFleet.Abstractions.Tests.Apdu;

public class ApduJsonTests
{
    private sealed record Trace(CommandApdu Command, ResponseApdu Response);

    [Fact]
    public void When_a_trace_is_serialised_commands_and_responses_are_hex_and_read_back()
    {
        var trace = new Trace(new Iso7816Builder().SelectByName([0xA0, 0x01]), ResponseApdu.Parse([0x6F, 0x00, 0x90, 0x00]));

        var json = JsonSerializer.Serialize(trace);
        var back = JsonSerializer.Deserialize<Trace>(json)!;

        Assert.Equal("""{"Command":"00 A4 04 00 02 A0 01 00","Response":"6F 00 90 00"}""", json);
        Assert.Equal(trace, back);
    }

    [Fact]
    public void When_a_VERIFY_is_serialised_the_PIN_is_redacted_and_cannot_be_read_back()
    {
        using var pin = Secret.FromUtf8("9999");

        var json = JsonSerializer.Serialize(new Iso7816Builder().Verify(0x81, pin));

        Assert.Equal("\"00 20 00 81 04 [4 bytes redacted]\"", json);
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CommandApdu>(json));
        Assert.Contains("redacted commands cannot be read back", ex.Message, StringComparison.Ordinal);
    }
}
