using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Plugins;

/// <summary>What an operator sees of the plugins (GetPluginStatus) and the two commands on one plugin: ReloadOnePlugin and
/// ClearQuarantine. The folder watcher is off, so every reload here is the one the spec asked for.</summary>
public sealed class PluginOperatorSpecs : PluginHostSpec
{
    public PluginOperatorSpecs(ITestOutputHelper output)
        : base(output)
    {
        HostSettings = HostSettings with { WatchPluginDirectory = false };
    }

    [Fact]
    public void The_status_names_each_plugins_sdk_version_state_the_cards_it_holds_and_its_typed_operations()
    {
        var (reader, _) = StartWithFaultyCard();

        var status = Ask<PluginCatalogStatus>(Host, GetPluginStatus.Instance);

        var faulty = status.Plugins.Single(p => p.Id == Faulty);
        Assert.Equal((PluginState.Loaded, 0, null), (faulty.State, faulty.Failures, faulty.Reason));
        Assert.Equal(Abstractions.SdkInfo.Version, faulty.SdkVersion);
        Assert.Equal([reader], faulty.Cards);
        var slow = faulty.OperationDetails.Single(o => o.Name == "slow");
        Assert.Equal(new OperationFieldInfo("ms", FieldType.Integer, "Milliseconds to wait, 0-60000.", true), Assert.Single(slow.Arguments));
        Assert.Empty(status.Plugins.Single(p => p.Id == "org.smartcardfleet.uid").Cards);
    }

    [Fact]
    public void A_quarantined_plugin_shows_why_and_clearing_the_quarantine_lets_its_card_run_operations_again()
    {
        var (reader, _) = StartWithFaultyCard();
        for (var i = 0; i < HostSettings.QuarantineAfterFailures; i++)
        {
            Failed(reader, "fail");
        }

        var quarantined = Ask<PluginCatalogStatus>(Host, GetPluginStatus.Instance).Plugins.Single(p => p.Id == Faulty);
        Assert.Equal(OperationFailureReason.Quarantined, Failed(reader, "version").Reason);

        var cleared = Ask<PluginCatalogStatus>(Host, new ClearQuarantine(Faulty)).Plugins.Single(p => p.Id == Faulty);

        Assert.Equal((PluginState.Quarantined, HostSettings.QuarantineAfterFailures), (quarantined.State, quarantined.Failures));
        Assert.Contains("fixture: this operation always fails", quarantined.Reason, StringComparison.Ordinal);
        Assert.Contains($"after {HostSettings.QuarantineAfterFailures} failures", quarantined.Reason, StringComparison.Ordinal);
        Assert.Equal((PluginState.Loaded, 0, null), (cleared.State, cleared.Failures, cleared.Reason));
        Assert.Equal(Faulty, ExpectEvent<PluginQuarantineCleared>().PluginId);
        Assert.Equal("1.0.0", (string?)Completed(reader, "version")["version"]);
    }

    [Fact]
    public void A_card_another_plugin_took_during_the_quarantine_goes_to_the_plugin_once_its_quarantine_is_cleared()
    {
        var (reader, _) = StartWithFaultyCard();
        for (var i = 0; i < HostSettings.QuarantineAfterFailures; i++)
        {
            Failed(reader, "fail");
        }

        ExpectEvent<PluginQuarantined>(e => e.PluginId == Faulty);
        var (other, meanwhile) = InsertIdentified("Reader Faulty 01", new StorageCard());
        Ask<PluginCatalogStatus>(Host, new ClearQuarantine(Faulty));

        Assert.Equal("org.smartcardfleet.uid", meanwhile.PluginId);
        Assert.Equal(Faulty, ExpectEvent<CardIdentified>(e => e.ReaderId == other).PluginId);
        Assert.Equal("1.0.0", (string?)Completed(other, "version")["version"]);
    }

    [Fact]
    public void Clearing_the_quarantine_of_a_plugin_that_is_not_quarantined_is_refused_as_NotQuarantined()
    {
        StartWithFaultyCard();

        var refused = Ask<PluginCommandFailed>(Host, new ClearQuarantine(Faulty));

        Assert.Equal((Faulty, PluginCommandFailureReason.NotQuarantined), (refused.PluginId, refused.Reason));
        Assert.Contains("not quarantined", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reload")]
    [InlineData("clear")]
    public void A_command_for_an_unknown_plugin_is_refused_as_UnknownPlugin_quoting_the_id_bounded(string command)
    {
        StartWithFaultyCard();
        var id = "org.example." + new string('x', 500);

        var refused = Ask<PluginCommandFailed>(Host, command == "reload" ? new ReloadOnePlugin(id) : new ClearQuarantine(id));

        Assert.Equal(PluginCommandFailureReason.UnknownPlugin, refused.Reason);
        Assert.Contains("no plugin \"org.example.xxx", refused.Message, StringComparison.Ordinal);
        Assert.True(refused.Message.Length < 300, refused.Message);
    }

    [Fact]
    public void Reloading_one_plugin_loads_its_folder_again_and_answers_the_new_version()
    {
        var (reader, _) = StartWithFaultyCard();
        Plugins.Install(TestPluginDirectory.Fixture("v2/Faulty"), "Faulty");

        var status = Ask<PluginCatalogStatus>(Host, new ReloadOnePlugin(Faulty));

        Assert.Equal("2.0.0", status.Plugins.Single(p => p.Id == Faulty).Version);
        var reloaded = ExpectEvent<PluginReloaded>(e => e.PluginId == Faulty);
        Assert.Equal(("1.0.0", "2.0.0"), (reloaded.OldVersion, reloaded.NewVersion));
        Assert.Equal("2.0.0", (string?)Completed(reader, "version")["version"]);
    }

    [Fact]
    public void A_folder_that_failed_to_load_shows_the_loaders_reason_and_is_reloaded_by_its_folder_name()
    {
        Plugins.InstallShipped("Uid").InstallFixtures("ThrowingCtor");
        StartStation();
        var before = Ask<PluginCatalogStatus>(Host, GetPluginStatus.Instance);
        Directory.Delete(Path.Combine(Plugins.Path, "ThrowingCtor"), recursive: true);

        var after = Ask<PluginCatalogStatus>(Host, new ReloadOnePlugin("ThrowingCtor"));

        var rejection = Assert.Single(before.Rejected);
        Assert.Equal(("ThrowingCtor", PluginRejectionReason.ConstructorFailed), (rejection.Folder, rejection.Reason));
        Assert.Contains("fixture: this constructor always fails", rejection.Message, StringComparison.Ordinal);
        // The folder is gone, and reloading it by name said so: nothing is left to report.
        Assert.Empty(after.Rejected);
        Assert.Equal(["org.smartcardfleet.uid"], after.Plugins.Select(p => p.Id));
    }
}
