using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Host.Tests.Configuration;

public sealed class SettingsFactoryTests
{
    [Fact]
    public void Reader_options_become_the_core_station_settings()
    {
        var options = new StationOptions
        {
            Readers = new ReaderOptions
            {
                Include = ["Virtual*"], Exclude = ["*Broken*"], AutoAttach = false, ShareMode = ShareMode.Exclusive,
                Protocols = CardProtocol.T1, DetachDisposition = CardDisposition.Reset,
            },
        };

        var settings = StationSettingsFactory.Create(options);

        Assert.Equal(["Virtual*"], settings.IncludeReaders);
        Assert.Equal(["*Broken*"], settings.ExcludeReaders);
        Assert.False(settings.Reader.AutoAttach);
        Assert.Equal(ShareMode.Exclusive, settings.Reader.DefaultShareMode);
        Assert.Equal(CardProtocol.T1, settings.Reader.DefaultProtocols);
        Assert.Equal(CardDisposition.Reset, settings.Reader.DefaultDisposition);
        Assert.Equal(CoreConfig.CardIoDispatcherId, settings.Reader.DispatcherId);
    }

    [Fact]
    public void A_simulated_station_shares_a_pool_of_dedicated_threads_among_readers() =>
        Assert.Equal(CoreConfig.SharedCardIoDispatcherId,
            StationSettingsFactory.Create(new StationOptions { Simulate = true }).Reader.DispatcherId);

    [Fact]
    public void Plugin_settings_take_a_relative_directory_from_the_config_folder_and_map_atr_overrides()
    {
        var options = new StationOptions
        {
            OperationTimeout = TimeSpan.FromSeconds(7),
            Plugins = new PluginOptions
            {
                Directory = "my-plugins",
                AtrOverrides = [new AtrOverrideOptions { Atr = "3B8A8001 5343466C65657446533161", Mask = "FFFFFFFF FFFFFFFFFFFFFFFFFF0000", Plugin = "org.example" }],
            },
        };

        var settings = PluginHostSettingsFactory.Create(options, "/etc/fleet");

        Assert.Equal(Path.GetFullPath("/etc/fleet/my-plugins"), settings.PluginDirectory);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.OperationTimeout);
        var atrOverride = Assert.Single(settings.AtrOverrides);
        Assert.Equal("org.example", atrOverride.PluginId);
        // The masked-out last two bytes may differ.
        Assert.True(atrOverride.Pattern.Matches(SmartCardFleet.Abstractions.Cards.Atr.Parse("3B8A80015343466C65657446530000")));
    }

    [Fact]
    public void Bad_station_values_are_reported_with_their_keys()
    {
        var options = new StationOptions
        {
            OperationTimeout = TimeSpan.FromSeconds(28),
            Readers = new ReaderOptions { ShareMode = (ShareMode)9, Include = [" "], PerReader = [new PerReaderOptions { AutoAttach = false }] },
            Plugins = new PluginOptions { AtrOverrides = [new AtrOverrideOptions { Atr = "3B8A", Mask = "FF", Plugin = "" }] },
        };

        var message = new StationOptionsValidator().Validate(null, options).FailureMessage;

        foreach (var key in new[]
        {
            "Station:OperationTimeout", "Station:Readers:ShareMode", "Station:Readers:Include:0", "Station:Readers:PerReader:0:Match",
            "Station:Plugins:AtrOverrides:0:Plugin", "Station:Plugins:AtrOverrides:0:Mask",
        })
        {
            Assert.Contains(key, message, StringComparison.Ordinal);
        }
    }
}
