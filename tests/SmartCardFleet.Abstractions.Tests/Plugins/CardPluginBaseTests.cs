using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Abstractions.Tests.Plugins;

public class CardPluginBaseTests
{
    [Fact]
    public void When_the_manifest_is_invalid_the_plugin_cannot_be_constructed()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SamplePlugin(SamplePlugin.DefaultManifest with { SdkVersion = "2.0.0" }));

        Assert.Contains("org.example.sample", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_an_ATR_matches_a_manifest_pattern_Match_is_true()
    {
        var plugin = new SamplePlugin(SamplePlugin.DefaultManifest);

        Assert.True(plugin.Match(Atr.Parse("3B 02 14 50")));
        Assert.False(plugin.Match(Atr.Parse("3B 02 14 51")));
    }

    [Fact]
    public void When_the_manifest_has_no_ATR_patterns_every_ATR_is_a_candidate_for_probing()
    {
        var plugin = new SamplePlugin(SamplePlugin.DefaultManifest with { AtrPatterns = [] });

        Assert.True(plugin.Match(Atr.Parse("3B 02 14 51")));
    }

    [Fact]
    public async Task When_the_second_probe_AID_answers_9000_the_card_is_accepted()
    {
        var card = new ScriptedCardChannel("3B 02 14 50")
            .Expect("00A40400 05 A000000001 00", "6A82")
            .Expect("00A40400 05 A000000002 00", "6F00 6102")
            .Expect("00C00000 02", "8400 9000");

        var accepted = await new SamplePlugin(SamplePlugin.DefaultManifest).ProbeAsync(card, CancellationToken.None);

        Assert.True(accepted);
        Assert.Equal(0, card.Remaining);
    }

    [Fact]
    public async Task When_no_probe_AID_is_found_the_card_is_refused()
    {
        var card = new ScriptedCardChannel("3B 02 14 50")
            .Expect("00A40400 05 A000000001 00", "6A82")
            .Expect("00A40400 05 A000000002 00", "6A82");

        Assert.False(await new SamplePlugin(SamplePlugin.DefaultManifest).ProbeAsync(card, CancellationToken.None));
    }

    [Fact]
    public async Task When_there_are_no_probe_AIDs_the_probe_accepts_without_talking_to_the_card()
    {
        var card = new ScriptedCardChannel("3B 02 14 50");

        Assert.True(await new SamplePlugin(SamplePlugin.DefaultManifest with { ProbeAids = [] }).ProbeAsync(card, CancellationToken.None));
        Assert.Empty(card.Sent);
    }
}
