using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Testing.Tests;

/// <summary>The harness on the shipped plugins as built into artifacts/plugins: identification and operations.</summary>
public sealed class PluginHarnessSpecs
{
    /// <summary>A MIFARE Classic 1K behind a PC/SC part 3 reader (standard 03, card name 00 01).</summary>
    private const string MifareAtr = "3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A";

    /// <summary>An ISO 14443-4 card behind a part 3 reader, no historical bytes.</summary>
    private const string Iso14443Part4Atr = "3B 80 80 01 01";

    [Fact]
    public async Task The_Uid_plugin_loads_with_its_manifest_and_takes_a_part3_storage_card_by_ATR_alone()
    {
        await using var harness = await PluginHarness.LoadAsync(RepositoryPaths.ShippedPlugin("Uid"));
        var card = new ScriptedCardChannel(MifareAtr);

        var identification = await harness.IdentifyAsync(card);

        Assert.Equal("org.smartcardfleet.uid", harness.Manifest.Id);
        Assert.Equal(new HarnessIdentification(Matched: true, Accepted: true), identification);
        Assert.Empty(card.Sent);
    }

    [Fact]
    public async Task A_card_whose_ATR_the_plugin_does_not_match_is_not_probed()
    {
        await using var harness = await PluginHarness.LoadAsync(RepositoryPaths.ShippedPlugin("Uid"));
        var card = new ScriptedCardChannel(Iso14443Part4Atr);

        var identification = await harness.IdentifyAsync(card);

        Assert.Equal(new HarnessIdentification(Matched: false, Accepted: false), identification);
        Assert.Empty(card.Sent);
    }

    [Fact]
    public async Task The_Ndef_probe_selects_the_NDEF_application_and_a_refusal_leaves_the_card_unaccepted()
    {
        await using var harness = await PluginHarness.LoadAsync(RepositoryPaths.ShippedPlugin("Ndef"));
        var tag = new ScriptedCardChannel(Iso14443Part4Atr).Expect("00 A4 04 00 07 D2 76 00 00 85 01 01 00", "90 00");
        var other = new ScriptedCardChannel(Iso14443Part4Atr).Expect("00 A4 04 00 07 D2 76 00 00 85 01 01 00", "6A 82");

        Assert.True((await harness.IdentifyAsync(tag)).Accepted);
        Assert.Equal(new HarnessIdentification(Matched: true, Accepted: false), await harness.IdentifyAsync(other));
        tag.VerifyAllExpectationsMet();
        other.VerifyAllExpectationsMet();
    }

    [Fact]
    public async Task A_probe_that_throws_refuses_the_card_as_the_station_would_and_the_failure_is_kept()
    {
        await using var harness = await PluginHarness.LoadAsync(RepositoryPaths.ShippedPlugin("Ndef"));
        var silent = new ScriptedCardChannel(Iso14443Part4Atr);

        var identification = await harness.IdentifyAsync(silent);

        Assert.False(identification.Accepted);
        Assert.IsType<UnexpectedCommandException>(identification.Failure);
    }

    [Fact]
    public async Task An_operation_runs_in_the_cards_session_and_returns_the_plugins_result()
    {
        await using var harness = await PluginHarness.LoadAsync(RepositoryPaths.ShippedPlugin("Uid"));
        var card = new ScriptedCardChannel(MifareAtr)
            .Expect("FF CA 00 00 00", "04 11 22 33 44 55 66 90 00")
            .Expect("FF B0 00 04 10", "00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 90 00");
        await harness.IdentifyAsync(card);

        var uid = await harness.RunAsync("read-uid", null, card);
        var block = await harness.RunAsync("read-binary", new JsonObject { ["page"] = 4, ["length"] = 16 }, card);

        Assert.Equal(("04112233445566", 7), ((string?)uid!["uid"], (int?)uid["length"]));
        Assert.Equal("00112233445566778899AABBCCDDEEFF", (string?)block!["data"]);
        card.VerifyAllExpectationsMet();
    }

    [Fact]
    public async Task After_a_reset_of_the_card_the_session_is_told_before_its_next_operation_and_selects_again()
    {
        const string selectOpenPgp = "00 A4 04 00 06 D2 76 00 01 24 01 00";
        const string getAid = "00 CA 00 4F 00";
        const string aid = "D2 76 00 01 24 01 03 04 FF FF 01 02 03 04 00 00 90 00";
        await using var harness = await PluginHarness.LoadAsync(RepositoryPaths.ShippedPlugin("OpenPgp"));
        var card = new ScriptedCardChannel(Iso14443Part4Atr)
            .Expect(selectOpenPgp, "90 00").Expect(getAid, aid)
            .Expect(getAid, aid)
            .Expect(selectOpenPgp, "90 00").Expect(getAid, aid);

        await harness.RunAsync("get-application-data", null, card);
        await harness.RunAsync("get-application-data", null, card); // still selected: no SELECT
        card.SimulateReset();
        var afterReset = await harness.RunAsync("get-application-data", null, card);

        Assert.Equal("01020304", (string?)afterReset!["serial"]);
        card.VerifyAllExpectationsMet();
    }

    [Fact]
    public async Task An_argument_the_operation_does_not_declare_is_refused_before_the_card_is_touched()
    {
        await using var harness = await PluginHarness.LoadAsync(RepositoryPaths.ShippedPlugin("Uid"));
        var card = new ScriptedCardChannel(MifareAtr);

        var refused = await Assert.ThrowsAsync<CardOperationException>(() =>
            harness.RunAsync("read-binary", new JsonObject { ["page"] = 4, ["lenght"] = 16 }, card));

        Assert.Equal(CardOperationError.InvalidArgument, refused.Error);
        Assert.Contains("has no argument \"lenght\"", refused.Message, StringComparison.Ordinal);
        Assert.Empty(card.Sent);
    }

    [Fact]
    public async Task A_card_error_becomes_the_typed_failure_with_the_status_word()
    {
        await using var harness = await PluginHarness.LoadAsync(RepositoryPaths.ShippedPlugin("Uid"));
        var card = new ScriptedCardChannel(MifareAtr).Expect("FF CA 00 00 00", "64 00");

        var failure = await Assert.ThrowsAsync<CardOperationException>(() => harness.RunAsync("read-uid", null, card));

        Assert.Equal((CardOperationError.CardError, 0x6400), (failure.Error, (int?)failure.StatusWord?.Value));
    }

    [Fact]
    public async Task An_operation_that_outlives_the_deadline_times_out_like_the_station()
    {
        await using var harness = await PluginHarness.LoadAsync(RepositoryPaths.ShippedPlugin("Uid"));
        harness.OperationTimeout = TimeSpan.FromMilliseconds(100);

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => harness.RunAsync("read-uid", null, new CardThatNeverAnswers(MifareAtr)));

        Assert.Contains("operation \"read-uid\" of plugin org.smartcardfleet.uid did not finish within 0.1 s", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_probe_slower_than_the_probe_deadline_refuses_the_card_as_the_station_would()
    {
        await using var harness = await PluginHarness.LoadAsync(RepositoryPaths.ShippedPlugin("Ndef"));
        harness.ProbeTimeout = TimeSpan.FromMilliseconds(100);

        var identification = await harness.IdentifyAsync(new CardThatNeverAnswers(Iso14443Part4Atr));

        Assert.Equal((true, false), (identification.Matched, identification.Accepted));
        var failure = Assert.IsType<TimeoutException>(identification.Failure);
        Assert.Contains("ProbeAsync of plugin org.smartcardfleet.ndef did not finish within 0.1 s", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_step_has_the_station_s_default_deadline()
    {
        await using var harness = await PluginHarness.LoadAsync(RepositoryPaths.ShippedPlugin("Uid"));

        // Station:Plugins:MatchTimeout, Station:Plugins:ProbeTimeout and Station:OperationTimeout by default.
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)),
            (harness.MatchTimeout, harness.ProbeTimeout, harness.OperationTimeout));
    }

    /// <summary>A card that takes every command and never answers: only the deadline ends the wait.</summary>
    private sealed class CardThatNeverAnswers(string atr) : ICardChannel
    {
        private readonly TaskCompletionSource<ResponseApdu> _never = new();

        public Atr Atr { get; } = Atr.Parse(atr);

        public ReaderInfo Reader { get; } = new("silent", "Silent Reader 00 00");

        public CancellationToken CardResetToken => CancellationToken.None;

        public Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default) => _never.Task;
    }
}
