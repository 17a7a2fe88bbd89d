using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Hosting.Tests.Support;

namespace SmartCardFleet.Hosting.Tests;

public sealed class OptionsValidationTests
{
    private static AkkaConfigurationBuilder Builder() => new(new ServiceCollection(), "validation");

    private static string Rejection(SmartCardFleetOptions options) =>
        Assert.Throws<ArgumentException>(() => Builder().WithSmartCardFleet(options)).Message;

    [Fact]
    public void Without_pcsc_the_extension_says_which_option_is_missing()
    {
        var message = Rejection(new SmartCardFleetOptions());

        Assert.Contains("Pcsc is required", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("$readers")]
    public void An_invalid_actor_name_is_named_with_its_option(string name)
    {
        var message = Rejection(new SmartCardFleetOptions { Pcsc = HostedFleet.OneReader(), ReaderManagerName = name });

        Assert.Contains($"ReaderManagerName '{name}' is not a valid actor name", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_actors_under_one_name_are_refused()
    {
        var options = new SmartCardFleetOptions
        {
            Pcsc = HostedFleet.OneReader(), Plugins = new PluginHostSettings(), PluginHostName = "readers",
        };

        var message = Rejection(options);

        Assert.Contains("ReaderManagerName and PluginHostName share the actor name 'readers'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_station_and_plugin_settings_are_reported_together_with_their_own_messages()
    {
        var options = new SmartCardFleetOptions
        {
            Station = new StationSettings { PollInterval = TimeSpan.Zero },
            Plugins = new PluginHostSettings { QuarantineAfterFailures = 0 },
        };

        var message = Rejection(options);

        Assert.Contains("Pcsc is required", message, StringComparison.Ordinal);
        Assert.Contains("PollInterval, MonitorJoinTimeout, QueryTimeout and ForeignLockThreshold must be positive", message, StringComparison.Ordinal);
        Assert.Contains("QuarantineAfterFailures must be at least 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_subscriber_without_props_is_refused()
    {
        var options = new SmartCardFleetOptions { Pcsc = HostedFleet.OneReader() };
        options.EventSubscribers.Add(new FleetEventSubscriber("events", null!));

        Assert.Contains("EventSubscribers[0] has no Props", Rejection(options), StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_options_pass()
    {
        var options = new SmartCardFleetOptions { Pcsc = HostedFleet.OneReader(), Plugins = new PluginHostSettings() };

        Assert.Same(options, options.Validate());
    }

    [Fact]
    public async Task Options_made_at_start_are_validated_too_and_fail_the_host_start()
    {
        var failure = await Assert.ThrowsAsync<ArgumentException>(() =>
            HostedFleet.StartAsync(akka => akka.WithSmartCardFleet(_ => new SmartCardFleetOptions())));

        Assert.Contains("Pcsc is required", failure.Message, StringComparison.Ordinal);
    }
}
