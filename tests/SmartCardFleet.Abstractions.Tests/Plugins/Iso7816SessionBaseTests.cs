using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Abstractions.Tests.Plugins;

public class Iso7816SessionBaseTests
{
    private static async Task<SampleSession> OpenAsync(ScriptedCardChannel card, TransmitOptions? options = null)
    {
        var manifest = SamplePlugin.DefaultManifest with { ResponseHandling = options ?? TransmitOptions.Default };
        return (SampleSession)await new SamplePlugin(manifest).OpenSessionAsync(card, CancellationToken.None);
    }

    [Fact]
    public async Task When_an_operation_succeeds_its_JSON_result_is_returned()
    {
        var card = new ScriptedCardChannel("3B 02 14 50").Expect("00B00010 04", "01020304 9000");
        await using var session = await OpenAsync(card);

        var result = await session.ExecuteAsync("read-binary", new JsonObject { ["offset"] = 16, ["length"] = 4 }, CancellationToken.None);

        Assert.Equal("""{"data":"01020304"}""", result!.ToJsonString());
    }

    [Fact]
    public async Task When_the_operation_is_unknown_the_failure_lists_the_known_ones()
    {
        await using var session = await OpenAsync(new ScriptedCardChannel("3B 02 14 50"));

        var ex = await Assert.ThrowsAsync<CardOperationException>(() => session.ExecuteAsync("format", [], CancellationToken.None));

        Assert.Equal(CardOperationError.UnknownOperation, ex.Error);
        Assert.Contains("read-binary, select, verify-pin", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadArguments => new()
    {
        { "read-binary", "{}", "Argument \"offset\" is missing." },
        { "read-binary", """{"offset":"ten"}""", "Argument \"offset\" must be an integer, not a string." },
        { "read-binary", """{"offset":1.5}""", "Argument \"offset\" must be an integer, not 1.5." },
        { "read-binary", """{"offset":40000}""", "Argument \"offset\" must be between 0 and 32767, not 40000." },
        { "read-binary", """{"offset":0,"length":0}""", "Argument \"length\" must be between 1 and 256, not 0." },
        { "select", """{"aid":"A0 0X"}""", "Argument \"aid\" is not valid hex: Invalid hex character 'X'" },
        { "select", """{"aid":42}""", "Argument \"aid\" must be a hex string, not a number." },
        { "verify-pin", """{"code":1234}""", "Argument \"code\" must be a string, not a number." },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task When_an_argument_is_missing_or_malformed_the_failure_names_it(string operation, string arguments, string expected)
    {
        var card = new ScriptedCardChannel("3B 02 14 50");
        await using var session = await OpenAsync(card);

        var ex = await Assert.ThrowsAsync<CardOperationException>(
            () => session.ExecuteAsync(operation, JsonNode.Parse(arguments)!.AsObject(), CancellationToken.None));

        Assert.Equal(CardOperationError.InvalidArgument, ex.Error);
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.Empty(card.Sent); // bad input never reaches the card
    }

    [Fact]
    public async Task When_the_card_refuses_the_failure_carries_the_status_word_and_never_the_PIN()
    {
        var card = new ScriptedCardChannel("3B 02 14 50").Expect("00200081 06 313233343536", "63C2");
        await using var session = await OpenAsync(card);

        var ex = await Assert.ThrowsAsync<CardOperationException>(
            () => session.ExecuteAsync("verify-pin", new JsonObject { ["code"] = "123456" }, CancellationToken.None));

        Assert.Equal(CardOperationError.CardError, ex.Error);
        Assert.Equal(0x63C2, ex.StatusWord!.Value.Value);
        Assert.Contains("2 retries left", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_card_is_reset_the_session_forgets_its_selection()
    {
        var card = new ScriptedCardChannel("3B 02 14 50").Expect("00A40400 02 A001 00", "9000");
        await using var session = await OpenAsync(card);
        await session.ExecuteAsync("select", new JsonObject { ["aid"] = "A0:01" }, CancellationToken.None);
        Assert.Equal("A001", session.SelectedAid);

        await session.OnCardResetAsync(CancellationToken.None);

        Assert.Null(session.SelectedAid);
    }

    [Fact]
    public async Task When_the_response_cannot_be_assembled_the_failure_is_a_typed_card_error()
    {
        var card = new ScriptedCardChannel("3B 02 14 50")
            .Expect("00B00000 00", "01 6101")
            .Expect("00C00000 01", "02 6101");
        await using var session = await OpenAsync(card, new TransmitOptions { MaxGetResponseRounds = 1 });

        var ex = await Assert.ThrowsAsync<CardOperationException>(
            () => session.ExecuteAsync("read-binary", new JsonObject { ["offset"] = 0 }, CancellationToken.None));

        Assert.Equal(CardOperationError.CardError, ex.Error);
        Assert.IsType<ResponseChainingException>(ex.InnerException);
    }

    [Fact]
    public async Task When_the_card_does_not_know_the_instruction_an_expected_success_fails_as_not_supported()
    {
        var card = new ScriptedCardChannel("3B 02 14 50").Expect("00A40400 02 A001 00", "6D00");
        await using var session = await OpenAsync(card);

        var ex = await Assert.ThrowsAsync<CardOperationException>(
            () => session.ExecuteAsync("select", new JsonObject { ["aid"] = "A001" }, CancellationToken.None));

        Assert.Equal((CardOperationError.NotSupported, 0x6D00), (ex.Error, ex.StatusWord!.Value.Value));
    }

    [Fact]
    public async Task When_the_session_is_disposed_further_operations_are_refused()
    {
        var session = await OpenAsync(new ScriptedCardChannel("3B 02 14 50"));
        await session.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.ExecuteAsync("read-binary", [], CancellationToken.None));
    }

    [Fact]
    public async Task The_session_channel_handles_61xx_without_the_plugin_doing_anything()
    {
        var card = new ScriptedCardChannel("3B 02 14 50")
            .Expect("00B00000 00", "01 6101")
            .Expect("00C00000 01", "02 9000");
        await using var session = await OpenAsync(card);

        var result = await session.ExecuteAsync("read-binary", new JsonObject { ["offset"] = 0 }, CancellationToken.None);

        Assert.Equal("0102", (string?)result!["data"]);
    }
}
