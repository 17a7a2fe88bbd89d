using Akka.Hosting;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Host.Configuration;

namespace SmartCardFleet.Host.Api;

/// <summary>The API's side of Core's <see cref="PluginHost"/> actor. The plugin host bounds an operation with
/// Station:OperationTimeout itself (and resets the card on expiry); the Ask here waits a margin longer so that its
/// Timeout answer, not ours, reaches the client.</summary>
public sealed class PluginGateway(IRequiredActor<PluginHost> host, IOptions<StationOptions> options) : IPluginGateway
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan AskMargin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(30);

    public async Task<bool> LoadedAsync(CancellationToken cancellationToken) =>
        (await StatusAsync(cancellationToken)).IsSuccess;

    public async Task<ReaderReply<IReadOnlyList<PluginDto>>> ListAsync(CancellationToken cancellationToken) =>
        ToList(await StatusAsync(cancellationToken));

    /// <summary>Loading runs the plugins' own code (constructors) for every folder, so it gets more time than a query.</summary>
    public async Task<ReaderReply<IReadOnlyList<PluginDto>>> ReloadAsync(CancellationToken cancellationToken) =>
        ToList(await (await host.GetAsync(cancellationToken)).RequestAsync(ReloadPlugins.Instance, ReloadTimeout, cancellationToken));

    public async Task<PluginCommandReply> ReloadOneAsync(string pluginId, CancellationToken cancellationToken) =>
        await (await host.GetAsync(cancellationToken)).CommandAsync(new ReloadOnePlugin(pluginId), ReloadTimeout, cancellationToken);

    public async Task<PluginCommandReply> ClearQuarantineAsync(string pluginId, CancellationToken cancellationToken) =>
        await (await host.GetAsync(cancellationToken)).CommandAsync(new ClearQuarantine(pluginId), QueryTimeout, cancellationToken);

    private static ReaderReply<IReadOnlyList<PluginDto>> ToList(ReaderReply<PluginCatalogStatus> reply) => reply.IsSuccess
        ? ReaderReply<IReadOnlyList<PluginDto>>.Success(reply.Value.ToDtos())
        : ReaderReply<IReadOnlyList<PluginDto>>.Failed(reply.Failure);

    public async Task<CardIdentification?> IdentificationAsync(ReaderId readerId, CancellationToken cancellationToken)
    {
        var actor = await host.GetAsync(cancellationToken);
        return (await actor.RequestAsync(new GetCardIdentification(readerId), QueryTimeout, cancellationToken)).Value;
    }

    public async Task<bool> OffersAsync(string operation, CancellationToken cancellationToken) =>
        (await StatusAsync(cancellationToken)).Value is { } status
        && status.Plugins.Any(p => p.Operations.Contains(operation, StringComparer.Ordinal));

    public async Task<PluginOutcome> RunAsync(ReaderId readerId, string operation, JsonObject arguments, CancellationToken cancellationToken)
    {
        var actor = await host.GetAsync(cancellationToken);
        var reply = await actor.RunAsync(new RunOperation(readerId, operation, arguments), options.Value.OperationTimeout + AskMargin,
            cancellationToken);
        return reply.Match(
            done => new PluginOutcome(done.PluginId, done.Result),
            failed => new PluginOutcome(failed.PluginId ?? (reply.Unanswered ? "unknown" : "none"), null, Problems.StatusFor(failed.Reason),
                failed.Message, failed.Reason.ToString()));
    }

    private async Task<ReaderReply<PluginCatalogStatus>> StatusAsync(CancellationToken cancellationToken) =>
        await (await host.GetAsync(cancellationToken)).RequestAsync(GetPluginStatus.Instance, QueryTimeout, cancellationToken);
}
