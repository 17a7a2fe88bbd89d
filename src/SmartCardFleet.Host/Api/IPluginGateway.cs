using System.Text.Json.Nodes;
using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Host.Api;

/// <summary>What the API needs from the plugin host (Core/Plugins, branch "plugins"): the load results and running one
/// operation on a reader's card. Outcome of <see cref="RunAsync"/>: the result object, or a typed failure.</summary>
public interface IPluginGateway
{
    /// <summary>True once the plugin directory has been loaded (readiness).</summary>
    bool Loaded { get; }

    IReadOnlyList<PluginDto> List();

    Task<PluginOutcome> RunAsync(ReaderId readerId, string operation, JsonObject arguments, CancellationToken cancellationToken);
}

/// <summary>Either <see cref="Result"/> (success) or an HTTP status with a detail.</summary>
public sealed record PluginOutcome(string Plugin, JsonNode? Result, int? FailureStatus = null, string? FailureDetail = null, string? FailureReason = null)
{
    public bool Succeeded => FailureStatus is null;
}

/// <summary>Used while the build has no plugin host: lists nothing and says so when an operation is asked for.</summary>
public sealed class NoPluginHost : IPluginGateway
{
    public bool Loaded => true;

    public IReadOnlyList<PluginDto> List() => [];

    public Task<PluginOutcome> RunAsync(ReaderId readerId, string operation, JsonObject arguments, CancellationToken cancellationToken) =>
        Task.FromResult(new PluginOutcome("none", null, StatusCodes.Status404NotFound,
            $"no plugin on this station offers \"{operation}\": no plugins are loaded", "UnknownOperation"));
}
