namespace SmartCardFleet.Core.Messaging;

/// <summary>A station-wide request the ReaderManager answers (not addressed to one reader): its success reply is
/// <typeparamref name="TReply"/>, its failure a <see cref="Readers.ReaderFailure"/>. Ask it with
/// <see cref="TypedAsk.RequestAsync{TReply}(Fleet.ReaderRequests, IFleetRequest{TReply}, TimeSpan, CancellationToken)"/>.</summary>
public interface IFleetRequest<TReply>
    where TReply : class;

/// <summary>A query the PluginHost answers with <typeparamref name="TReply"/>; it fails only when the host does not
/// answer (a <see cref="Readers.ReaderFailure"/> without a reader). <see cref="Plugins.RunOperation"/> is not one: it
/// fails with its own <see cref="Plugins.OperationFailed"/>, so only <see cref="TypedAsk.RunAsync"/> takes it.</summary>
public interface IPluginHostRequest<TReply>
    where TReply : class;

/// <summary>A command to the PluginHost about one plugin (<see cref="Plugins.ReloadOnePlugin"/>,
/// <see cref="Plugins.ClearQuarantine"/>): its success reply is the catalog afterwards
/// (<see cref="Plugins.PluginCatalogStatus"/>), its failure a <see cref="Plugins.PluginCommandFailed"/> that says whether
/// the plugin is unknown or the command does not apply. Ask it with <see cref="TypedAsk.CommandAsync"/>.</summary>
public interface IPluginCommand
{
    /// <summary>The plugin's id (or, for a folder that failed to load, the folder's name).</summary>
    string PluginId { get; }
}

/// <summary>Marks a message that may cross a process boundary: it is bound to <see cref="FleetJsonSerializer"/> and
/// must be registered in <see cref="WireManifests"/> (docs/messages.md).</summary>
public interface IFleetWireMessage;

/// <summary>Marks a message that only makes sense inside one process (a native handle, a plugin instance, an actor's
/// own bookkeeping): bound to <see cref="LocalOnlySerializer"/>, which refuses it, so sending it to another process
/// fails loudly instead of arriving as garbage. Akka's message-serialization check skips it for the same reason.</summary>
public interface ILocalOnlyMessage : Akka.Actor.INoSerializationVerificationNeeded;
