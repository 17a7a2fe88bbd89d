using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Iso7816;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>
/// A base for sessions of ISO/IEC 7816-4 cards: a table of named operations, typed argument reading, an
/// <see cref="Iso7816Builder"/> and a channel that already handles 61xx / 6Cxx.
/// </summary>
/// <remarks>
/// Register operations in the derived constructor with
/// <see cref="Operation(OperationDescriptor, Func{OperationArguments, CancellationToken, Task{JsonNode}})"/>, passing
/// the same descriptor the manifest lists, so each operation's name is written once (the host checks that the two
/// agree, <see cref="OperationCatalog"/>). Handlers read arguments through
/// <see cref="OperationArguments"/> and throw <see cref="CardOperationException"/> for failures; the base turns an
/// unknown name into <see cref="CardOperationError.UnknownOperation"/>.
/// </remarks>
public abstract class Iso7816SessionBase : ICardSession, IRegisteredOperations
{
    private readonly Dictionary<string, Func<OperationArguments, CancellationToken, Task<JsonNode?>>> _operations = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Creates the session.</summary>
    /// <param name="channel">The host's card channel; it is wrapped with response handling.</param>
    /// <param name="responseHandling">61xx / 6Cxx switches, normally the manifest's; null for the defaults.</param>
    /// <param name="cla">The class byte for <see cref="Iso"/>.</param>
    protected Iso7816SessionBase(ICardChannel channel, TransmitOptions? responseHandling = null, byte cla = 0x00)
    {
        ArgumentNullException.ThrowIfNull(channel);
        Channel = channel.WithResponseHandling(responseHandling);
        Iso = new Iso7816Builder(cla);
    }

    /// <summary>The card channel with response handling.</summary>
    protected ICardChannel Channel { get; }

    /// <summary>The command builder with the session's class byte.</summary>
    protected Iso7816Builder Iso { get; }

    /// <summary>The names of the registered operations.</summary>
    public IReadOnlyCollection<string> OperationNames => _operations.Keys;

    /// <summary>Runs a registered operation.</summary>
    /// <param name="operation">The name.</param>
    /// <param name="arguments">The JSON arguments (null is treated as empty).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The handler's result.</returns>
    /// <exception cref="CardOperationException">
    /// Unknown operation, the handler's typed failure, or a <see cref="CardOperationError.CardError"/> wrapping a
    /// <see cref="ResponseChainingException"/> when the card's response could not be assembled.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public async Task<JsonNode?> ExecuteAsync(string operation, JsonObject arguments, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (operation is null || !_operations.TryGetValue(operation, out var handler))
        {
            throw CardOperationException.UnknownOperation(operation ?? "(null)", _operations.Keys);
        }

        try
        {
            return await handler(new OperationArguments(arguments), cancellationToken);
        }
        catch (ResponseChainingException ex)
        {
            throw new CardOperationException(CardOperationError.CardError, $"Operation \"{operation}\" failed: {ex.Message}", innerException: ex);
        }
    }

    /// <summary>Drops cached card state after a reset; the default does nothing. Override when caching.</summary>
    /// <param name="cancellationToken">Cancels the clean-up.</param>
    /// <returns>A completed task by default.</returns>
    public virtual Task OnCardResetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Marks the session closed; override to release resources (call the base).</summary>
    /// <returns>A completed task by default.</returns>
    public virtual ValueTask DisposeAsync()
    {
        _disposed = true;
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Registers the operation a manifest descriptor declares; call from the derived constructor.</summary>
    /// <param name="descriptor">The descriptor the manifest's <see cref="PluginManifest.Operations"/> lists.</param>
    /// <param name="handler">Reads arguments, talks to the card, returns a JSON result or null.</param>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    protected void Operation(OperationDescriptor descriptor, Func<OperationArguments, CancellationToken, Task<JsonNode?>> handler)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Operation(descriptor.Name, handler);
    }

    /// <summary>Registers a named operation; call from the derived constructor.</summary>
    /// <remarks>Kept for plugins built against SDK 1.0 and 1.1; new code passes the manifest's descriptor instead.</remarks>
    /// <param name="name">The name as declared in the manifest.</param>
    /// <param name="handler">Reads arguments, talks to the card, returns a JSON result or null.</param>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    protected void Operation(string name, Func<OperationArguments, CancellationToken, Task<JsonNode?>> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(handler);
        if (!_operations.TryAdd(name, handler))
        {
            throw new ArgumentException($"Operation \"{name}\" is registered twice.", nameof(name));
        }
    }

    /// <summary>Sends a command through the response-handling channel.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels between exchanges.</param>
    /// <returns>The complete response, whatever its status.</returns>
    protected Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken) =>
        Channel.TransmitAsync(command, cancellationToken);

    /// <summary>Sends a command and requires 90 00 (<see cref="ResponseExpectations.ExpectSuccess"/>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="what">What is attempted, for the error message (for example "READ BINARY").</param>
    /// <param name="cancellationToken">Cancels between exchanges.</param>
    /// <returns>The successful response.</returns>
    /// <exception cref="CardOperationException">
    /// With the status word: <see cref="CardOperationError.NotSupported"/> for 6A81, 6D00 and 6E00, otherwise
    /// <see cref="CardOperationError.CardError"/>.
    /// </exception>
    protected async Task<ResponseApdu> TransmitExpectSuccessAsync(CommandApdu command, string what, CancellationToken cancellationToken)
    {
        return (await Channel.TransmitAsync(command, cancellationToken)).ExpectSuccess(what);
    }
}
