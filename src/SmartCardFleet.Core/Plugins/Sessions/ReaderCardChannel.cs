using Akka.Actor;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>
/// The <see cref="ICardChannel"/> a plugin session talks through: each TransmitAsync asks the reader actor (by
/// <see cref="ReaderId"/>, see <see cref="ReaderRequests"/>) to send one APDU inside the transaction the host opened for the current
/// operation. The reader actor does the blocking PC/SC call on its own thread; plugin code only awaits.
/// </summary>
/// <remarks>
/// A channel is armed with a transaction for the duration of one host-run step (identification or one operation)
/// and refuses to transmit outside it, so a plugin task that outlives its timeout cannot slip APDUs into the next
/// operation. <see cref="Close"/> disarms it for good when its session is abandoned.
/// </remarks>
internal sealed partial class ReaderCardChannel : ICardChannel
{
    private readonly ReaderRequests _readers;
    private readonly ReaderId _readerId;
    private readonly TimeSpan _requestTimeout;
    private readonly IReadOnlyCollection<byte> _sensitiveIns;
    private readonly ILogger _log;
    private readonly Func<CancellationToken> _cardResetToken;
    private readonly Lock _gate = new();
    private TransactionId? _transaction;
    private bool _closed;

    public ReaderCardChannel(ReaderRequests readers, ReaderId readerId, ReaderInfo reader, Atr atr, TimeSpan requestTimeout,
        IReadOnlyCollection<byte> sensitiveIns, Func<CancellationToken> cardResetToken, ILogger log)
    {
        _readers = readers;
        _readerId = readerId;
        Reader = reader;
        Atr = atr;
        _requestTimeout = requestTimeout;
        _sensitiveIns = sensitiveIns;
        _cardResetToken = cardResetToken;
        _log = log;
    }

    public Atr Atr { get; }

    public ReaderInfo Reader { get; }

    public CancellationToken CardResetToken => _cardResetToken();

    /// <summary>Told about each exchange (the station's APDU metrics and log); null = nobody.</summary>
    public IPluginApduObserver? Observer { get; init; }

    /// <summary>The plugin this channel serves, for the observer.</summary>
    public string PluginId { get; init; } = "";

    public void Arm(TransactionId transaction)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _transaction = transaction;
        }
    }

    public void Disarm()
    {
        lock (_gate)
        {
            _transaction = null;
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _transaction = null;
        }
    }

    public async Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        TransactionId? transaction;
        lock (_gate)
        {
            transaction = _closed ? null : _transaction;
        }

        if (transaction is null)
        {
            throw new InvalidOperationException(
                "The card channel is not usable now: the host only lets a session transmit while it runs one of its operations.");
        }

        var bytes = command.ToBytes();
        if (_log.IsEnabled(LogLevel.Trace))
        {
            LogCommand(_readerId.Value, ApduRedactor.ForLog(bytes, _sensitiveIns));
        }

        var observed = Observer is null ? null : new PluginApduCommand(_readerId, PluginId, bytes, _sensitiveIns);
        object reply;
        try
        {
            reply = await _readers.AskAsync(_readerId, new Transmit(bytes, transaction), _requestTimeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            Notify(observer => observer.Failed(observed!, nameof(ReaderFailureReason.Timeout)));
            throw;
        }

        switch (reply)
        {
            case Transmitted transmitted:
                Notify(observer => observer.Exchanged(new PluginApduExchange(observed!, transmitted.Data.Length, transmitted.StatusWord, transmitted.Elapsed)));
                var response = new ResponseApdu(transmitted.Data, new StatusWord(transmitted.StatusWord));
                if (_log.IsEnabled(LogLevel.Trace))
                {
                    // Responses to secret-bearing commands carry no secret, but keep their data out of logs anyway.
                    LogResponse(_readerId.Value, ApduRedactor.ForLog(response, redactData: ApduRedactor.IsSensitiveInstruction(command.Ins)));
                }

                return response;
            case ReaderFailure failure:
                Notify(observer => observer.Failed(observed!, failure.Reason.ToString()));
                throw new ReaderRequestException(failure);
            default:
                throw new InvalidOperationException($"Unexpected reader reply {reply.GetType().Name} to Transmit.");
        }
    }

    /// <summary>The observer is station code; its failure must not fail the plugin's exchange.</summary>
    private void Notify(Action<IPluginApduObserver> report)
    {
        if (Observer is not { } observer)
        {
            return;
        }

        try
        {
            report(observer);
        }
        catch (Exception e)
        {
            LogObserverFailed(_readerId.Value, e.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Reader {ReaderId}: the APDU observer threw {ExceptionType}: {Detail}")]
    private partial void LogObserverFailed(string readerId, string exceptionType, string detail);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Trace, Message = "Reader {ReaderId} >> {Command}")]
    private partial void LogCommand(string readerId, string command);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Trace, Message = "Reader {ReaderId} << {Response}")]
    private partial void LogResponse(string readerId, string response);
}

/// <summary>The reader refused or failed a request the host made for a plugin (card gone, busy, PC/SC error).</summary>
public sealed class ReaderRequestException : Exception
{
    public ReaderRequestException(ReaderFailure failure)
        : base($"The reader failed the request: {failure}")
    {
        Failure = failure;
    }

    public ReaderRequestException()
        : this(new ReaderFailure(null, ReaderFailureReason.PcscError, "unknown reader failure"))
    {
    }

    public ReaderRequestException(string message)
        : base(message)
    {
        Failure = new ReaderFailure(null, ReaderFailureReason.PcscError, message);
    }

    public ReaderRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = new ReaderFailure(null, ReaderFailureReason.PcscError, message);
    }

    public ReaderFailure Failure { get; }
}
