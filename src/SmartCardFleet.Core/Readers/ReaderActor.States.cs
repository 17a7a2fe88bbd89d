using Akka.Actor;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

// The state table: which request does what in which state. Card I/O lives in ReaderActor.CardIo.cs, transactions in
// ReaderActor.Transactions.cs, card arrival/removal in ReaderActor.Presence.cs.
public sealed partial class ReaderActor
{
    // PC/SC is the truth, not our last notice: in NoCard the reader tries to connect anyway (also how Direct reaches
    // an empty reader), exactly as in CardPresent. The two states differ only in how they refuse other requests.
    private void BecomeNoCard()
    {
        // No card, no ATR: a snapshot must not show the ATR of a card that has left.
        _atr = null;
        BecomeUnattached(ReaderState.NoCard, request => request is Detach
            ? Failure(ReaderFailureReason.NotAttached, "no card handle to detach")
            : NotInTransactionOr(request, ReaderFailureReason.NoCard, "no card in the reader"));
    }

    private void BecomeCardPresent() =>
        BecomeUnattached(ReaderState.CardPresent, request =>
            NotInTransactionOr(request, ReaderFailureReason.NotAttached, "the card is not attached; send Attach first"));

    /// <summary>A state without a card handle: the attach requests try to connect, every other request is refused
    /// with <paramref name="refuse"/>'s answer.</summary>
    private void BecomeUnattached(ReaderState state, Func<IReaderRequest, ReaderFailure> refuse)
    {
        _state = state;
        Become(() => ReceiveAny(message =>
        {
            if (HandleCommon(message) || RejectInvalid(message))
            {
                return;
            }

            switch (message)
            {
                case Attach attach:
                    Sender.Tell(DoAttach(attach.ShareMode, attach.Protocols));
                    break;
                case Reattach reattach:
                    OnReattach(reattach);
                    break;
                case AttachByHandle adopt:
                    Sender.Tell(DoAdopt(adopt));
                    break;
                case IReaderRequest request:
                    Sender.Tell(refuse(request));
                    break;
                default:
                    RejectUnknown(message);
                    break;
            }
        }));
    }

    private void BecomeAttached()
    {
        _state = ReaderState.Attached;
        Become(() => ReceiveAny(message =>
        {
            if (HandleCommon(message) || RejectInvalid(message))
            {
                return;
            }

            if (message is Reattach reattach)
            {
                OnReattach(reattach);
                return;
            }

            if (message is IReaderRequest { Transaction: { } stale } and not EndTransaction)
            {
                Sender.Tell(TransactionNotOpen(stale));
                return;
            }

            HandleAttachedRequest(message);
        }));
    }

    /// <summary>Attached work, shared by Attached and by the holder's requests in InTransaction.</summary>
    private void HandleAttachedRequest(object message)
    {
        switch (message)
        {
            case Attach or AttachByHandle:
                Sender.Tell(Failure(ReaderFailureReason.AlreadyAttached, $"session {_session} holds the card; Detach first"));
                break;
            case Detach detach:
                Sender.Tell(DoDetach(detach));
                break;
            case Reconnect reconnect:
                Sender.Tell(DoReconnect(reconnect));
                break;
            case Transmit transmit:
                Sender.Tell(DoTransmit(transmit));
                if (_transaction is null)
                {
                    // Answered first, reset next: the caller gets its response, nobody after it gets the PIN.
                    ClearRaisedSecurityState();
                }

                break;
            case TransmitBatch batch:
                Sender.Tell(DoTransmitBatch(batch));
                break;
            case Control control:
                Sender.Tell(DoControl(control));
                break;
            case GetAttribute attribute:
                Sender.Tell(DoGetAttribute(attribute));
                break;
            case BeginTransaction begin:
                Sender.Tell(DoBeginTransaction(begin));
                break;
            case EndTransaction end:
                Sender.Tell(DoEndTransaction(end));
                break;
            default:
                RejectUnknown(message);
                break;
        }
    }

    private void BecomeFaulted(ReaderFailure fault) =>
        BecomeOutOfService(ReaderState.Faulted, () => fault with { Message = $"the reader is faulted: {fault.Message}" });

    private void BecomeServiceLost(PcscError error) =>
        BecomeOutOfService(ReaderState.ServiceLost,
            () => Failure(ReaderFailureReason.ServiceUnavailable, ReaderFailure.ServiceGoneMessage, error));

    /// <summary>A state in which the reader cannot work: every request gets <paramref name="answer"/>'s failure (made
    /// per request) and a Reattach is dropped.</summary>
    private void BecomeOutOfService(ReaderState state, Func<ReaderFailure> answer)
    {
        _state = state;
        Become(() => ReceiveAny(message =>
        {
            if (HandleCommon(message) || message is Reattach)
            {
                return;
            }

            if (message is IReaderRequest)
            {
                Sender.Tell(answer());
                return;
            }

            RejectUnknown(message);
        }));
    }

    /// <summary>Anything that is not a reader request gets a clear error instead of silence; a timer of a transaction
    /// that already ended is dropped.</summary>
    private void RejectUnknown(object message)
    {
        if (message is LeaseExpired)
        {
            return;
        }

        Sender.Tell(Failure(ReaderFailureReason.InvalidRequest, $"{message.GetType().Name} is not a request this reader understands"));
    }

    /// <summary>A request naming a transaction when none is open gets that answer rather than the state's generic one.</summary>
    private ReaderFailure NotInTransactionOr(IReaderRequest request, ReaderFailureReason reason, string message) =>
        request.Transaction is { } id ? TransactionNotOpen(id) : Failure(reason, message);

    private ReaderFailure TransactionNotOpen(TransactionId id) =>
        Failure(ReaderFailureReason.TransactionEnded, $"transaction {id} is not open on this reader (ended, expired or never begun)");

    /// <summary>Bad input is refused in every state with a clear message, before any PC/SC call.</summary>
    private bool RejectInvalid(object message)
    {
        var problem = RequestValidation.Problem(message, _settings);
        if (problem is null)
        {
            return false;
        }

        Sender.Tell(Failure(ReaderFailureReason.InvalidRequest, problem));
        return true;
    }
}
