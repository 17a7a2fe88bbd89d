using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>What <see cref="CardWork"/> needs from its reader actor: the failure policy applied to the state machine,
/// the lease, events, and the two state changes card work can cause. Implemented by <see cref="ReaderActor"/> only.</summary>
internal interface IReaderSite
{
    ReaderId Id { get; }

    TransactionLease? Lease { get; }

    /// <summary>Applies <see cref="PcscErrorPolicy"/> to a failed call (state change included) and returns the failure.</summary>
    ReaderFailure Fail(string operation, PcscError error, PcscCallKind kind = PcscCallKind.Card);

    /// <summary>A failure of this reader (remembered as the last error when it carries a PC/SC code).</summary>
    ReaderFailure Failure(ReaderFailureReason reason, string message, PcscError? error = null);

    void Publish(IFleetEvent fleetEvent);

    /// <summary>The transaction is over (ended, expired or lost): Attached again, the queued requests run.</summary>
    void LeaveTransaction();

    /// <summary>The card handle was let go on request (Detach): CardPresent, requests queued for that session fail.</summary>
    void Detached(SessionId? session, CardDisposition disposition);
}
