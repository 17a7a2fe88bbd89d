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
                Protocols = CardProtocol.T1, DetachDisposition = CardDisposition.Reset, ResetAfterVerify = false,
            },
        };

        var settings = StationSettingsFactory.Create(options);

        Assert.Equal(["Virtual*"], settings.IncludeReaders);
        Assert.Equal(["*Broken*"], settings.ExcludeReaders);
        Assert.False(settings.Reader.AutoAttach);
        Assert.Equal(ShareMode.Exclusive, settings.Reader.DefaultShareMode);
        Assert.Equal(CardProtocol.T1, settings.Reader.DefaultProtocols);
        Assert.Equal(CardDisposition.Reset, settings.Reader.DefaultDisposition);
        Assert.False(settings.Reader.ResetAfterVerify);
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

    [Fact]
    public void Station_knobs_reach_cores_station_settings()
    {
        var settings = StationSettingsFactory.Create(new StationOptions
        {
            ForeignLockThreshold = TimeSpan.FromSeconds(5),
            ServiceRecovery = new ServiceRecoveryOptions { MinDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromMinutes(2) },
            Readers = new ReaderOptions
            {
                PerReader = [new PerReaderOptions { Match = "Pad*", ShareMode = ShareMode.Exclusive, Protocols = CardProtocol.T1 }],
            },
        });

        Assert.Equal(TimeSpan.FromSeconds(5), settings.ForeignLockThreshold);
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2)), (settings.ServiceRecovery.Min, settings.ServiceRecovery.Max));
        var pad = settings.ReaderSettingsFor("Pad 1");
        Assert.Equal((ShareMode.Exclusive, CardProtocol.T1, true), (pad.DefaultShareMode, pad.DefaultProtocols, pad.AutoAttach));
        Assert.Equal(ShareMode.Shared, settings.ReaderSettingsFor("Slot 2").DefaultShareMode);
    }

    [Fact]
    public void Bad_station_knobs_are_reported_with_their_keys()
    {
        var options = new StationOptions
        {
            ForeignLockThreshold = TimeSpan.Zero,
            ServiceRecovery = new ServiceRecoveryOptions { MinDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(5) },
            Readers = new ReaderOptions
            {
                PerReader = [new PerReaderOptions { Match = "*", ShareMode = (ShareMode)9, Protocols = (CardProtocol)0x100 }],
            },
        };

        var message = new StationOptionsValidator().Validate(null, options).FailureMessage;

        foreach (var key in new[]
        {
            "Station:ForeignLockThreshold", "Station:ServiceRecovery", "Station:Readers:PerReader:0:ShareMode",
            "Station:Readers:PerReader:0:Protocols",
        })
        {
            Assert.Contains(key, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Plugin_deadlines_out_of_range_are_reported_with_their_keys()
    {
        var options = new StationOptions
        {
            Plugins = new PluginOptions
            {
                MatchTimeout = TimeSpan.Zero,
                ProbeTimeout = TimeSpan.FromSeconds(16),
                LoadTimeout = TimeSpan.FromSeconds(-1),
                MaxStuckThreadsPerPlugin = 0,
            },
        };

        var message = new StationOptionsValidator().Validate(null, options).FailureMessage;

        Assert.Contains("Station:Plugins:MatchTimeout", message, StringComparison.Ordinal);
        Assert.Contains("Station:Plugins:ProbeTimeout must be more than 00:00:00 and at most the identification timeout 00:00:15", message,
            StringComparison.Ordinal);
        Assert.Contains("Station:Plugins:LoadTimeout", message, StringComparison.Ordinal);
        Assert.Contains("Station:Plugins:MaxStuckThreadsPerPlugin", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_probe_timeout_equal_to_the_identification_timeout_is_accepted() =>
        Assert.True(new StationOptionsValidator().Validate(null, new StationOptions
        {
            Plugins = new PluginOptions { ProbeTimeout = Core.Plugins.PluginHostSettings.DefaultIdentificationTimeout },
        }).Succeeded);
}
