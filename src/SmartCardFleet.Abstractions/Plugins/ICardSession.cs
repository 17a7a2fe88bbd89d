using System.Text.Json.Nodes;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>
/// A plugin's conversation with one card. The host calls it from one reader at a time (never concurrently) and
/// wraps each <see cref="ExecuteAsync"/> in a card transaction.
/// </summary>
public interface ICardSession : IAsyncDisposable
{
    /// <summary>Runs a named operation declared in the plugin manifest.</summary>
    /// <param name="operation">The operation name, for example <c>read-binary</c>.</param>
    /// <param name="arguments">The arguments as a JSON object (empty when there are none).</param>
    /// <param name="cancellationToken">Cancels the operation between APDU exchanges.</param>
    /// <returns>The JSON-serialisable result, or null when the operation returns nothing.</returns>
    /// <exception cref="CardOperationException">
    /// Unknown operation, invalid argument, card error status word or unsupported feature: a typed failure the host
    /// turns into an answer.
    /// </exception>
    Task<JsonNode?> ExecuteAsync(string operation, JsonObject arguments, CancellationToken cancellationToken);

    /// <summary>
    /// Told after the card was reset (by anyone) or reconnected: drop cached state such as the selected application
    /// and PIN verification status. The next operation must not assume any selection.
    /// </summary>
    /// <param name="cancellationToken">Cancels the clean-up.</param>
    /// <returns>A task that completes when the state is dropped.</returns>
    Task OnCardResetAsync(CancellationToken cancellationToken);
}
