using SmartCardFleet.Abstractions;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>The host's side of a plugin's card channel: usable only while armed with the transaction of the work item
/// that runs (so a plugin task that outlives its timeout cannot slip APDUs into the next operation), and closed for
/// good when its session is dropped.</summary>
internal interface ISessionChannel : ICardChannel
{
    /// <exception cref="ObjectDisposedException">The channel was closed.</exception>
    void Arm(TransactionId transaction);

    void Disarm();

    void Close();
}
