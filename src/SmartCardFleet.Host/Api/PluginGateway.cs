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

    private static ReaderReply<IReadOnlyList<PluginDto>> ToList(ReaderReply<PluginCatalogStatus> reply)
    {
        if (!reply.IsSuccess)
        {
            return ReaderReply<IReadOnlyList<PluginDto>>.Failed(reply.Failure);
        }

        var status = reply.Value;
        return ReaderReply<IReadOnlyList<PluginDto>>.Success(
        [
            .. status.Plugins.Select(p => new PluginDto(p.Id, p.Name, p.Version, p.CardType, p.Operations,
                p.Quarantined ? "quarantined" : "active", null)),
            .. status.Rejected.Select(r => new PluginDto(r.Folder, r.Folder, "", "", [], "rejected", $"{r.Reason}: {r.Message}")),
        ]);
    }

    public async Task<(string? Plugin, string? CardType)> IdentificationAsync(ReaderId readerId, CancellationToken cancellationToken)
    {
        var actor = await host.GetAsync(cancellationToken);
        var reply = await actor.RequestAsync(new GetCardIdentification(readerId), QueryTimeout, cancellationToken);
        return reply.Value is { } id ? (id.PluginId, id.CardType) : (null, null);
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
