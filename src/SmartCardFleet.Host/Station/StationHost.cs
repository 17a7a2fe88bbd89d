using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Host.Api;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Metrics;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Storage;
using SmartCardFleet.Pcsc;
using SmartCardFleet.Storage.Events;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.Host.Station;

/// <summary>
/// Builds the station: WebApplication (Generic Host) with configuration file → FLEET_ environment variables → command
/// line, validated options, the ActorSystem (Akka.Hosting), PC/SC (native, or simulated with --simulate), the HTTP API,
/// /metrics, OpenAPI and the dashboard. Ctrl-C/SIGTERM stop it: the web server first, then the ActorSystem, whose reader
/// actors detach their cards with Station:Readers:DetachDisposition and release their contexts.
/// </summary>
public static class StationHost
{
    public static WebApplication Build(StationLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        ConfigureSources(builder.Configuration, launch);
        StationConfigurationCheck.Apply(builder);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        builder.AddProblemAnswers();
        var http = LoadHttpOptions(builder.Configuration);
        var node = ClusterSettings.Load(builder.Configuration, http, Environment.MachineName);
        var storage = StationStorage.Load(builder.Configuration, builder.Configuration["Station:ConfigDirectory"],
            Environment.GetEnvironmentVariable("STATE_DIRECTORY"));
        builder.WebHost.UseUrls([.. http.EffectiveUrls]);
        builder.Services.AddStationStorage(storage, node.StationName);
        AddServices(builder.Services, builder.Configuration, node);
        launch.ConfigureServices?.Invoke(builder.Services);
        builder.Services.PostConfigure<HttpOptions>(o => o.ApiToken = http.ApiToken).AddExposureRules();

        var app = builder.Build();
        MapEndpoints(app, node, storage);
        return app;
    }

    private static void ConfigureSources(ConfigurationManager configuration, StationLaunch launch)
    {
        var path = launch.ConfigPath is null ? launch.DefaultConfigPath : Path.GetFullPath(launch.ConfigPath);
        if (launch.ConfigPath is not null && !File.Exists(path))
        {
            throw new StationStartException($"configuration file {path} (--config) does not exist");
        }

        configuration.Sources.Clear();
        try
        {
            configuration.AddJsonFile(path, optional: launch.ConfigPath is null, reloadOnChange: false);
        }
        catch (InvalidDataException e)
        {
            throw new StationStartException($"configuration file {path} is not valid JSON: {e.GetBaseException().Message}", e);
        }

        configuration.AddEnvironmentVariables("FLEET_");
        configuration.AddCommandLine([.. launch.ConfigArgs]);
        var overrides = new Dictionary<string, string?>(launch.Overrides);
        if (launch.SimulateReaders is { } readers)
        {
            overrides["Station:Simulate"] = "true";
            overrides["Station:Simulation:Readers"] = readers.ToString(CultureInfo.InvariantCulture);
        }

        for (var i = 0; i < launch.Urls.Count; i++)
        {
            overrides[$"Http:Urls:{i}"] = launch.Urls[i];
        }

        configuration.AddInMemoryCollection(overrides);
        configuration["Station:ConfigDirectory"] = Path.GetDirectoryName(path);
    }

    /// <summary>Kestrel needs the URLs before the host is built, so the Http section is validated here, with the same
    /// validator ValidateOnStart uses.</summary>
    private static HttpOptions LoadHttpOptions(IConfiguration configuration)
    {
        var http = configuration.GetSection(HttpOptions.SectionName).Get<HttpOptions>() ?? new HttpOptions();
        ApiTokenSource.ReadTokenFile(http, configuration["Station:ConfigDirectory"]);
        var result = new HttpOptionsValidator().Validate(null, http);
        if (result.Failed)
        {
            throw new OptionsValidationException(HttpOptions.SectionName, typeof(HttpOptions), result.Failures);
        }

        return http;
    }

    private static void AddServices(IServiceCollection services, IConfiguration configuration, FleetNode node)
    {
        services.AddOptions<StationOptions>().Bind(configuration.GetSection(StationOptions.SectionName)).ValidateOnStart();
        services.AddOptions<HttpOptions>().Bind(configuration.GetSection(HttpOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StationOptions>, StationOptionsValidator>();
        services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        services.AddSingleton(sp => StationSettingsFactory.Create(sp.GetRequiredService<IOptions<StationOptions>>().Value));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => FleetEventJournal.ForRunStartedAt(sp.GetRequiredService<TimeProvider>().GetUtcNow(),
            sp.GetService<IEventWindow>()));
        services.AddSingleton<KnownReaders>();
        services.AddSingleton<FleetMetrics>();
        services.AddSingleton<StationReadiness>();
        services.AddSingleton<NodeReadiness>();
        services.AddSingleton(node);
        services.AddSingleton(Options.Create(node.Cluster));
        services.AddSingleton<ReaderActivity>();
        services.AddSingleton<ReaderGateway>();
        services.AddSingleton<ApduLog>();
        services.AddSingleton<ApduRecorder>();
        services.AddSingleton<IPluginGateway, PluginGateway>();
        services.AddSingleton<FleetTargets>();
        services.AddSingleton<FleetReaderList>();
        services.AddSingleton<JobGateway>();

        services.AddStationActors(node);
        if (!node.IsConsole)
        {
            AddPcsc(services, configuration);
            services.AddHostedService<PcscProbe>();
            if (configuration.GetValue<bool>("Station:Simulate"))
            {
                services.AddHostedService<CardChurnService>();
            }
        }

        services.AddProblemDetails();
        services.AddRequestBodyLimit();
        services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiSecurity>());
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // Malformed JSON bodies throw BadHttpRequestException, which ProblemStatusPages turns into a 400 with the reason.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(FleetMetrics.MeterName).AddPrometheusExporter());
    }

    /// <summary>Simulated PC/SC with --simulate; otherwise the native client library, loaded now so a missing library is a
    /// clear start error. Never a silent fallback to simulation.</summary>
    private static void AddPcsc(IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("Station:Simulate"))
        {
            var readers = configuration.GetValue("Station:Simulation:Readers", 8);
            var simulated = SimulatedFleet.Create(Math.Clamp(readers, 1, 10_000));
            services.AddSingleton(simulated);
            services.AddSingleton<IPcscApi>(simulated);
            return;
        }

        IPcscApi native;
        try
        {
            native = PcscApi.CreateNative();
        }
        catch (DllNotFoundException e)
        {
            throw new StationStartException(
                $"the PC/SC client library {PcscApi.NativeLibraryName} could not be loaded ({e.Message}). Install PC/SC " +
                "(Debian/Ubuntu: apt-get install pcscd libpcsclite1) or try the product without hardware: fleet run --simulate 8", e);
        }

        services.AddSingleton(native);
    }

    private static void MapEndpoints(WebApplication app, FleetNode node, StationStorage storage)
    {
        app.UseProblemAnswers();
        app.UseExposureRules();
        app.MapDashboard();
        app.MapHealthEndpoints();
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        var api = app.MapGroup("/api").AddEndpointFilter<BoundedProblemFilter>().AddEndpointFilter<Security.AuditProblemFilter>();
        api.MapReaderEndpoints();
        api.MapStationEndpoints();
        api.MapApduEndpoints();
        api.MapPluginEndpoints();
        api.MapEventEndpoints();
        api.MapAuditEndpoints();
        api.MapJobEndpoints();
        app.MapSessionEndpoints();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SmartCardFleet.Host");
        var station = app.Services.GetRequiredService<IOptions<StationOptions>>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var configuration = app.Services.GetRequiredService<IConfiguration>();
            log.LogInformation("Station started ({Name}, {Mode}{Cluster}); API and dashboard on {Urls}; configuration from {ConfigDirectory}, plugins from {PluginDirectory}, database {Database}; stop with Ctrl-C",
                node.StationName, node.IsConsole ? "console: no PC/SC, no readers"
                    : station.Value.Simulate ? $"simulated fleet of {station.Value.Simulation.Readers} readers" : "PC/SC",
                node.Clustered ? ClusterStartLine(node) : "", string.Join(", ", app.Urls), configuration["Station:ConfigDirectory"],
                PluginHostSettingsFactory.Create(station.Value, configuration["Station:ConfigDirectory"]).PluginDirectory, storage.Description);
        });
    }

    private static string ClusterStartLine(FleetNode node) =>
        $"; cluster role {node.Role.ToString().ToLowerInvariant()}, remoting {node.RemotingAddress}" +
        (string.IsNullOrEmpty(node.Cluster.PublicHostname) ? "" : $" (bound {node.Cluster.Hostname})") +
        $", seeds {(node.Cluster.Seeds.Count == 0 ? "none (this node starts the fleet)" : string.Join(", ", node.Cluster.Seeds))}";
}
