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
/// operation; TransmitBatchAsync sends a whole sequence as one request. The reader actor does the blocking PC/SC call on its own thread; plugin code only awaits.
/// </summary>
/// <remarks>
/// A channel is armed with a transaction for the duration of one host-run step (identification or one operation)
/// and refuses to transmit outside it, so a plugin task that outlives its timeout cannot slip APDUs into the next
/// operation. <see cref="Close"/> disarms it for good when its session is abandoned.
/// </remarks>
internal sealed class ReaderCardChannel : ISessionChannel
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
        var transaction = ArmedTransaction();
        var bytes = command.ToBytes();
        LogSent(bytes);
        Transmitted transmitted;
        try
        {
            // ConfigureAwait(false): the host's own continuation must not wait for the plugin's thread, which may be blocked in
            // .Result on this very call (sync over async would deadlock on the plugin's single-threaded context).
            transmitted = await _readers.AskTypedAsync(_readerId, new Transmit(bytes, transaction), _requestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (NoAnswer(ex) is { } reason)
        {
            Failed(bytes, reason);
            throw;
        }

        return Received(command, bytes, transmitted);
    }

    /// <summary>The whole sequence goes to the reader as one <see cref="TransmitBatch"/> inside the operation's
    /// transaction (split only where a batch would pass the reader's limits), so it crosses to the reader's thread
    /// once. Each APDU is still logged (redacted) and told to the observer, as if sent alone.</summary>
    public async Task<IReadOnlyList<ResponseApdu>> TransmitBatchAsync(IReadOnlyList<CommandApdu> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        cancellationToken.ThrowIfCancellationRequested();
        var transaction = ArmedTransaction();
        var responses = new List<ResponseApdu>(commands.Count);
        var encoded = commands.Select(c => c.ToBytes()).ToArray();
        foreach (var (start, count) in BatchLimits.Split(encoded))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = encoded[start..(start + count)];
            foreach (var command in bytes)
            {
                LogSent(command);
            }

            BatchTransmitted batch;
            try
            {
                batch = await _readers.AskTypedAsync(_readerId, new TransmitBatch(bytes, transaction), _requestTimeout, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (NoAnswer(ex) is { } reason)
            {
                Failed(bytes[0], reason);
                throw;
            }

            for (var i = 0; i < batch.Responses.Count; i++)
            {
                responses.Add(Received(commands[start + i], bytes[i], batch.Responses[i]));
            }

            if (batch.Failure is { } failure)
            {
                Failed(bytes[batch.Responses.Count], failure.Reason.ToString());
                throw new ReaderRequestException(failure);
            }
        }

        return responses;
    }

    private TransactionId ArmedTransaction()
    {
        lock (_gate)
        {
            return (_closed ? null : _transaction) ?? throw new InvalidOperationException(
                "The card channel is not usable now: the host only lets a session transmit while it runs one of its operations.");
        }
    }

    /// <summary>Why the reader gave no answer to an APDU, for the observer; null for an exception that is not the
    /// reader's (cancellation).</summary>
    private static string? NoAnswer(Exception ex) => ex switch
    {
        ReaderRequestException refused => refused.Failure.Reason.ToString(),
        _ => null,
    };

    private void LogSent(byte[] command)
    {
        if (_log.IsEnabled(LogLevel.Trace))
        {
            LogCommand(_readerId.Value, ApduRedactor.ForLog(command, _sensitiveIns));
        }
    }

    private ResponseApdu Received(CommandApdu command, byte[] bytes, Transmitted transmitted)
    {
        if (Observer is { } observer)
        {
            try
            {
                observer.Exchanged(new PluginApduExchange(Observed(bytes), transmitted.Data.Length, transmitted.StatusWord, transmitted.Elapsed));
            }
            catch (Exception e)
            {
                ObserverFailed(e);
            }
        }

        var response = new ResponseApdu(transmitted.Data, new StatusWord(transmitted.StatusWord));
        if (_log.IsEnabled(LogLevel.Trace))
        {
            // Responses to secret-bearing commands carry no secret, but keep their data out of logs anyway.
            LogResponse(_readerId.Value, ApduRedactor.ForLog(response, redactData: ApduRedactor.IsSensitiveInstruction(command.Ins)));
        }

        return response;
    }

    private void Failed(byte[] bytes, string reason)
    {
        if (Observer is { } observer)
        {
            try
            {
                observer.Failed(Observed(bytes), reason);
            }
            catch (Exception e)
            {
                ObserverFailed(e);
            }
        }
    }

    private PluginApduCommand Observed(byte[] bytes) => new(_readerId, PluginId, bytes, _sensitiveIns);

    /// <summary>The observer is station code; its failure must not fail the plugin's exchange.</summary>
    private void ObserverFailed(Exception e) => LogObserverFailedLine(_log, _readerId.Value, e.GetType().Name, e.Message, null);

    private static readonly Action<ILogger, string, string, string, Exception?> LogObserverFailedLine = LoggerMessage.Define<string, string, string>(
        LogLevel.Warning, new EventId(4103), "Reader {ReaderId}: the APDU observer threw {ExceptionType}: {Detail}");

    private static readonly Action<ILogger, string, string, Exception?> LogCommandLine = LoggerMessage.Define<string, string>(
        LogLevel.Trace, new EventId(4101), "Reader {ReaderId} >> {Command}");

    private static readonly Action<ILogger, string, string, Exception?> LogResponseLine = LoggerMessage.Define<string, string>(
        LogLevel.Trace, new EventId(4102), "Reader {ReaderId} << {Response}");

    private void LogCommand(string readerId, string command) => LogCommandLine(_log, readerId, command, null);

    private void LogResponse(string readerId, string response) => LogResponseLine(_log, readerId, response, null);
}

/// <summary>The reader refused or failed a request the host made for a plugin (card gone, busy, PC/SC error).</summary>
internal sealed class ReaderRequestException : Exception
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
