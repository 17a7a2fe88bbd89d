using System.Reflection;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Testing;
using Xunit;

namespace Contoso.Badge.Tests;

/// <summary>The built plugin, loaded the way the station loads it, against scripted cards.</summary>
public sealed class BadgePluginTests
{
    private const string Atr = "3B 02 14 50";
    private const string SelectBadgeApplication = "00 A4 04 00 09 F0 43 4F 4E 54 4F 53 4F 01 *";

    private static readonly string PluginFolder = typeof(BadgePluginTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PluginFolder").Value!;

    [Fact]
    public async Task A_badge_card_is_accepted_and_read_badge_returns_its_number()
    {
        await using var harness = await PluginHarness.LoadAsync(PluginFolder);
        var card = new ScriptedCardChannel(Atr)
            .Expect(SelectBadgeApplication, "90 00")   // the probe
            .Expect(SelectBadgeApplication, "90 00")   // read-badge selects the application itself
            .Expect("80 CA 00 01 00", "00 00 30 39 90 00");

        var identification = await harness.IdentifyAsync(card);
        var result = await harness.RunAsync("read-badge", null, card);

        Assert.True(identification.Accepted);
        Assert.Equal(12345, (int?)result!["badgeNumber"]);
        card.VerifyAllExpectationsMet();
    }

    [Fact]
    public async Task A_card_without_the_badge_application_is_not_accepted()
    {
        await using var harness = await PluginHarness.LoadAsync(PluginFolder);
        var card = new ScriptedCardChannel(Atr).Expect(SelectBadgeApplication, "6A 82");

        var identification = await harness.IdentifyAsync(card);

        Assert.False(identification.Accepted);
    }

    [Fact]
    public async Task When_the_card_refuses_the_badge_number_the_failure_carries_its_status_word()
    {
        await using var harness = await PluginHarness.LoadAsync(PluginFolder);
        var card = new ScriptedCardChannel(Atr)
            .Expect(SelectBadgeApplication, "90 00")
            .Expect("80 CA 00 01 00", "69 82");

        var failure = await Assert.ThrowsAsync<CardOperationException>(() => harness.RunAsync("read-badge", null, card));

        Assert.Equal(CardOperationError.CardError, failure.Error);
        Assert.Equal(0x6982, failure.StatusWord!.Value.Value);
    }

    [Fact]
    public async Task The_manifest_declares_exactly_the_operations_the_session_registers()
    {
        await using var harness = await PluginHarness.LoadAsync(PluginFolder);
        await using var session = await harness.Plugin.OpenSessionAsync(new ScriptedCardChannel(Atr), CancellationToken.None);

        Assert.Empty(OperationCatalog.Mismatches(harness.Manifest, session));
        Assert.Equal("contoso.badge", harness.Manifest.Id);
    }
}
