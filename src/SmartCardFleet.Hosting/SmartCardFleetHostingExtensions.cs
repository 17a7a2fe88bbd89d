using Akka.Actor;
using Akka.Configuration;
using Akka.DependencyInjection;
using Akka.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins;

namespace SmartCardFleet.Hosting;

/// <summary>
/// Akka.Hosting support for SmartCardFleet: <c>services.AddAkka("fleet", akka =&gt; akka.WithSmartCardFleet(options))</c>
/// adds Core's dispatchers and the idle-friendly scheduler, and when the ActorSystem starts it subscribes the
/// <see cref="SmartCardFleetOptions.EventSubscribers"/>, then starts the <see cref="ReaderManager"/> and the
/// <see cref="PluginHost"/> and registers both in the <see cref="ActorRegistry"/> (resolve them with
/// <c>IRequiredActor&lt;ReaderManager&gt;</c> and <c>IRequiredActor&lt;PluginHost&gt;</c>).
/// </summary>
public static class SmartCardFleetHostingExtensions
{
    /// <summary>Adds the fleet with options known now; they are validated at once, so a mistake fails where the
    /// host is composed.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message lists every problem.</exception>
    public static AkkaConfigurationBuilder WithSmartCardFleet(this AkkaConfigurationBuilder builder, SmartCardFleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return builder.WithSmartCardFleet(_ => options);
    }

    /// <summary>Adds the fleet with options made from the host's services when the ActorSystem starts its actors:
    /// after the Generic Host validated its options (ValidateOnStart), not while hosted services are constructed. An
    /// invalid result fails the host's start with the same message as the other overload.</summary>
    public static AkkaConfigurationBuilder WithSmartCardFleet(this AkkaConfigurationBuilder builder,
        Func<IServiceProvider, SmartCardFleetOptions> options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return builder
            .WithSmartCardFleetSettings()
            .WithActors((system, registry, resolver) =>
            {
                var services = resolver.GetService<IServiceProvider>();
                var resolved = options(services) ?? throw new ArgumentException($"The {nameof(SmartCardFleetOptions)} factory returned null.");
                StartFleet(system, registry, resolved.Validate(), resolver.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance);
            });
    }

    /// <summary>The ActorSystem settings the fleet needs (Core's dispatchers, the idle-friendly scheduler, shutdown driven
    /// by the Generic Host, the explicit serializers) without starting a reader manager or plugin host. A cluster console,
    /// which only talks to other stations' readers, uses this alone; <see cref="WithSmartCardFleet(AkkaConfigurationBuilder, Func{IServiceProvider, SmartCardFleetOptions})"/>
    /// includes it.</summary>
    public static AkkaConfigurationBuilder WithSmartCardFleetSettings(this AkkaConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddDispatchers()
            .AddIdleFriendlyScheduler()
            .AddGenericHostShutdown()
            .AddSerialization();
    }

    /// <summary>Defaults (Append): an application's own HOCON may retune them, e.g. the shared pool's thread count.</summary>
    private static AkkaConfigurationBuilder AddDispatchers(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon(CoreConfig.Dispatchers, HoconAddMode.Append);

    private static AkkaConfigurationBuilder AddIdleFriendlyScheduler(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon(CoreConfig.IdleFriendlyScheduler, HoconAddMode.Append);

    /// <summary>The Generic Host drives shutdown: it stops the web server first, then AkkaHostedService runs
    /// CoordinatedShutdown, whose reader actors detach their cards and release their contexts. Akka's own CLR exit
    /// hook would start CoordinatedShutdown in parallel on SIGTERM, while the server still takes requests. Akka.Hosting
    /// 1.5.74 has no typed option for this flag, hence HOCON here.</summary>
    private static AkkaConfigurationBuilder AddGenericHostShutdown(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon(ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off"), HoconAddMode.Append);

    /// <summary>Every message that may cross a process boundary (<see cref="IFleetWireMessage"/>) goes through the
    /// station's explicit JSON serializer, never Akka's default; in-process-only messages (<see cref="ILocalOnlyMessage"/>)
    /// are refused with a clear error if anything tries to send them remotely (docs/messages.md).</summary>
    private static AkkaConfigurationBuilder AddSerialization(this AkkaConfigurationBuilder builder) => builder
        .WithCustomSerializer("smartcardfleet-json", [typeof(IFleetWireMessage)], system => new FleetJsonSerializer(system))
        .WithCustomSerializer("smartcardfleet-local-only", [typeof(ILocalOnlyMessage)], system => new LocalOnlySerializer(system));

    /// <summary>Subscribers first: EventStream.Subscribe is synchronous, so every event the manager publishes after
    /// it is created (the first ReaderAdded included) reaches them.</summary>
    private static void StartFleet(ActorSystem system, IActorRegistry registry, SmartCardFleetOptions options, ILoggerFactory loggerFactory)
    {
        foreach (var subscriber in options.EventSubscribers)
        {
            var actor = system.ActorOf(subscriber.Props, subscriber.Name);
            system.EventStream.Subscribe(actor, typeof(IFleetEvent));
            foreach (var type in subscriber.AlsoSubscribedTo ?? [])
            {
                system.EventStream.Subscribe(actor, type);
            }
        }

        var manager = system.ActorOf(ReaderManager.Props(options.Pcsc!, options.Station), options.ReaderManagerName);
        registry.Register<ReaderManager>(manager);
        if (options.Plugins is { } plugins)
        {
            registry.Register<PluginHost>(system.ActorOf(PluginHost.Props(manager, plugins, loggerFactory), options.PluginHostName));
        }
    }
}
