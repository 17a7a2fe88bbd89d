using Akka.Actor;
using Akka.Hosting;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SmartCardFleet.Core.Fleet;
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

    public async Task<bool> LoadedAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await AskAsync(GetPluginStatus.Instance, QueryTimeout, cancellationToken) is PluginCatalogStatus;
        }
        catch (AskTimeoutException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<PluginDto>> ListAsync(CancellationToken cancellationToken)
    {
        var status = (PluginCatalogStatus)await AskAsync(GetPluginStatus.Instance, QueryTimeout, cancellationToken);
        return
        [
            .. status.Plugins.Select(p => new PluginDto(p.Id, p.Name, p.Version, p.CardType, p.Operations,
                p.Quarantined ? "quarantined" : "active", null)),
            .. status.Rejected.Select(r => new PluginDto(r.Folder, r.Folder, "", "", [], "rejected", $"{r.Reason}: {r.Message}")),
        ];
    }

    public async Task<(string? Plugin, string? CardType)> IdentificationAsync(ReaderId readerId, CancellationToken cancellationToken)
    {
        try
        {
            return await AskAsync(new GetCardIdentification(readerId), QueryTimeout, cancellationToken) is CardIdentification id
                ? (id.PluginId, id.CardType)
                : (null, null);
        }
        catch (AskTimeoutException)
        {
            return (null, null);
        }
    }

    public async Task<bool> OffersAsync(string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await AskAsync(GetPluginStatus.Instance, QueryTimeout, cancellationToken) is PluginCatalogStatus status
                && status.Plugins.Any(p => p.Operations.Contains(operation, StringComparer.Ordinal));
        }
        catch (AskTimeoutException)
        {
            return false;
        }
    }

    public async Task<PluginOutcome> RunAsync(ReaderId readerId, string operation, JsonObject arguments, CancellationToken cancellationToken)
    {
        var timeout = options.Value.OperationTimeout + AskMargin;
        object reply;
        try
        {
            reply = await AskAsync(new RunOperation(readerId, operation, arguments), timeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return new PluginOutcome("unknown", null, StatusCodes.Status504GatewayTimeout,
                $"the plugin host did not answer within {timeout.TotalSeconds:0} s", nameof(OperationFailureReason.Timeout));
        }

        return reply switch
        {
            OperationCompleted done => new PluginOutcome(done.PluginId, done.Result),
            OperationFailed failed => new PluginOutcome(failed.PluginId ?? "none", null, Problems.StatusFor(failed.Reason), failed.Message,
                failed.Reason.ToString()),
            _ => new PluginOutcome("unknown", null, StatusCodes.Status500InternalServerError,
                $"the plugin host answered with an unexpected {reply.GetType().Name}", "Unexpected"),
        };
    }

    private async Task<object> AskAsync(object message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var actor = await host.GetAsync(cancellationToken);
        return await actor.Ask<object>(message, timeout, cancellationToken);
    }
}
