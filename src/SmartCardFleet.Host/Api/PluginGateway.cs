using Akka.Actor;
using Akka.Hosting;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Host.Configuration;

namespace SmartCardFleet.Host.Api;

/// <summary>The API's side of Core's <see cref="PluginHost"/> actor, this station's or another's (the same messages).
/// The plugin host bounds an operation with Station:OperationTimeout itself (and resets the card on expiry); the Ask here
/// waits a margin longer so that its Timeout answer, not ours, reaches the client. A station lost during a request
/// answers at once (<see cref="StationLoss"/>). The local host is only awaited for a local target: a console has none.</summary>
public sealed class PluginGateway(IRequiredActor<PluginHost> host, IOptions<StationOptions> options, FleetTargets targets) : IPluginGateway
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan AskMargin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(30);

    public async Task<bool> LoadedAsync(CancellationToken cancellationToken) =>
        !targets.HasLocalActors || (await StatusAsync(Self, cancellationToken)).IsSuccess;

    public Task<ReaderReply<PluginCatalogStatus>> StatusAsync(StationTarget station, CancellationToken cancellationToken,
        TimeSpan? timeout = null) =>
        station.UntilLostAsync(async token => await (await HostAsync(station, token)).RequestAsync(GetPluginStatus.Instance,
            timeout ?? QueryTimeout, token), Unreachable<PluginCatalogStatus>, cancellationToken);

    public async Task<ReaderReply<IReadOnlyList<PluginDto>>> ListAsync(StationTarget station, CancellationToken cancellationToken) =>
        ToList(station, await StatusAsync(station, cancellationToken));

    /// <summary>Loading runs the plugins' own code (constructors) for every folder, so it gets more time than a query.</summary>
    public async Task<ReaderReply<IReadOnlyList<PluginDto>>> ReloadAsync(StationTarget station, CancellationToken cancellationToken) =>
        ToList(station, await station.UntilLostAsync(async token => await (await HostAsync(station, token)).RequestAsync(
            ReloadPlugins.Instance, ReloadTimeout, token), Unreachable<PluginCatalogStatus>, cancellationToken));

    public Task<PluginCommandReply> ReloadOneAsync(StationTarget station, string pluginId, CancellationToken cancellationToken) =>
        CommandAsync(station, new ReloadOnePlugin(pluginId), ReloadTimeout, cancellationToken);

    public Task<PluginCommandReply> ClearQuarantineAsync(StationTarget station, string pluginId, CancellationToken cancellationToken) =>
        CommandAsync(station, new ClearQuarantine(pluginId), QueryTimeout, cancellationToken);

    public async Task<CardIdentification?> IdentificationAsync(ReaderTarget reader, CancellationToken cancellationToken) =>
        (await reader.Station.UntilLostAsync(async token => await (await HostAsync(reader.Station, token)).RequestAsync(
            new GetCardIdentification(reader.Reader), QueryTimeout, token), Unreachable<CardIdentification>, cancellationToken)).Value;

    public async Task<PluginOutcome> RunAsync(ReaderTarget reader, string operation, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var reply = await reader.Station.UntilLostAsync(
            async token => await (await HostAsync(reader.Station, token)).RunAsync(new RunOperation(reader.Reader, operation, arguments),
                options.Value.OperationTimeout + AskMargin, token),
            why => OperationReply.Failed(new OperationFailed(reader.Reader, OperationFailureReason.StationUnreachable, why)),
            cancellationToken);
        return reply.Match(
            done => new PluginOutcome(done.PluginId, done.Result),
            failed => new PluginOutcome(failed.PluginId ?? (reply.Unanswered ? "unknown" : "none"), null, Problems.StatusFor(failed.Reason),
                failed.Message, failed.Reason.ToString()));
    }

    private StationTarget Self => new(targets.SelfName, Cluster.Topology.StationRoute.Local.Instance);

    /// <summary>A command cut short by the station's loss is reported as HostStopped (503) here; the endpoint answers it
    /// as StationUnreachable since the target says it was lost.</summary>
    private Task<PluginCommandReply> CommandAsync(StationTarget station, IPluginCommand command, TimeSpan timeout,
        CancellationToken cancellationToken) =>
        station.UntilLostAsync(async token => await (await HostAsync(station, token)).CommandAsync(command, timeout, token),
            why => PluginCommandReply.Failed(new PluginCommandFailed(command.PluginId, PluginCommandFailureReason.HostStopped, why)),
            cancellationToken);

    private async ValueTask<IActorRef> HostAsync(StationTarget station, CancellationToken cancellationToken) =>
        station.Remote is { } remote ? remote.PluginHost : await host.GetAsync(cancellationToken);

    private static ReaderReply<T> Unreachable<T>(string why)
        where T : class =>
        ReaderReply<T>.Failed(new ReaderFailure(null, ReaderFailureReason.StationUnreachable, why));

    private static ReaderReply<IReadOnlyList<PluginDto>> ToList(StationTarget station, ReaderReply<PluginCatalogStatus> reply) => reply.IsSuccess
        ? ReaderReply<IReadOnlyList<PluginDto>>.Success([.. reply.Value.ToDtos().Select(p => p with { Station = station.Name })])
        : ReaderReply<IReadOnlyList<PluginDto>>.Failed(reply.Failure);
}
