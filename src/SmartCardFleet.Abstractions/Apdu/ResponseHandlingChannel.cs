using SmartCardFleet.Abstractions.Iso7816;
using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>
/// A card channel decorator that completes responses the ISO/IEC 7816-4 way: GET RESPONSE on 61xx (appending the
/// data) and one resend with the corrected Le on 6Cxx, both switchable through <see cref="TransmitOptions"/>.
/// </summary>
/// <remarks>
/// Loops are bounded (<see cref="TransmitOptions.MaxGetResponseRounds"/>, <see cref="TransmitOptions.MaxResponseLength"/>)
/// and cancellation is checked before every exchange. When a GET RESPONSE ends with an error status, the data
/// collected so far is returned with that status.
/// </remarks>
public sealed class ResponseHandlingChannel : ICardChannel
{
    private readonly ICardChannel _inner;

    /// <summary>Wraps a channel.</summary>
    /// <param name="inner">The channel that performs single exchanges (normally the host's).</param>
    /// <param name="options">The response handling switches; null for <see cref="TransmitOptions.Default"/>.</param>
    public ResponseHandlingChannel(ICardChannel inner, TransmitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        Options = options ?? TransmitOptions.Default;
        if (Options.MaxGetResponseRounds < 0 || Options.MaxResponseLength < 0)
        {
            throw new ArgumentException("TransmitOptions limits must not be negative.", nameof(options));
        }
    }

    /// <summary>The switches in effect.</summary>
    public TransmitOptions Options { get; }

    /// <inheritdoc />
    public Atr Atr => _inner.Atr;

    /// <inheritdoc />
    public ReaderInfo Reader => _inner.Reader;

    /// <inheritdoc />
    public CancellationToken CardResetToken => _inner.CardResetToken;

    /// <summary>Sends the command and completes the response according to <see cref="Options"/>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Checked before every exchange.</param>
    /// <returns>The complete response.</returns>
    /// <exception cref="ResponseChainingException">A bound was exceeded.</exception>
    /// <exception cref="OperationCanceledException">Cancelled between exchanges.</exception>
    public async Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        return await CompleteAsync(command, await _inner.TransmitAsync(command, cancellationToken), cancellationToken);
    }

    // Given the card's first answer to a command: one resend with the corrected Le on 6Cxx, then GET RESPONSE on 61xx.
    private async Task<ResponseApdu> CompleteAsync(CommandApdu command, ResponseApdu first, CancellationToken cancellationToken)
    {
        var response = await RetryWrongLengthAsync(command, first, cancellationToken);
        if (!Options.AutoGetResponse || !response.MoreDataAvailable)
        {
            return response;
        }

        var collected = new List<byte>(response.Data.Length + 256);
        var cla = Options.GetResponseCla ?? TransmitOptions.DeriveGetResponseCla(command.Cla);
        var rounds = 0;
        while (true)
        {
            Append(collected, response, command);
            if (!response.MoreDataAvailable)
            {
                return new ResponseApdu(collected.ToArray(), response.StatusWord);
            }

            if (++rounds > Options.MaxGetResponseRounds)
            {
                throw new ResponseChainingException(
                    ResponseChainingFailure.TooManyRounds,
                    $"The card still answered {response.StatusWord.Value:X4} after {Options.MaxGetResponseRounds} GET RESPONSE exchanges for {command}; giving up.");
            }

            var getResponse = new CommandApdu(cla, Iso7816Ins.GetResponse, 0x00, 0x00, ne: response.BytesAvailable!.Value);
            response = await ExchangeAsync(getResponse, cancellationToken);
        }
    }

    /// <summary>Sends the commands as one batch of the inner channel and completes the last response like
    /// <see cref="TransmitAsync"/> does. An earlier response can no longer be completed (the next command already ran
    /// and dropped the card's pending data): when it needs completing, the batch fails.</summary>
    /// <param name="commands">The commands, in order.</param>
    /// <param name="cancellationToken">Checked before every exchange.</param>
    /// <returns>One complete response per command.</returns>
    /// <exception cref="ResponseChainingException">A response other than the last answered 61xx or 6Cxx (with the
    /// matching switch on), or a bound was exceeded on the last.</exception>
    public async Task<IReadOnlyList<ResponseApdu>> TransmitBatchAsync(IReadOnlyList<CommandApdu> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        cancellationToken.ThrowIfCancellationRequested();
        if (commands.Count == 0)
        {
            return [];
        }

        var responses = (await _inner.TransmitBatchAsync(commands, cancellationToken)).ToArray();
        var last = responses.Length - 1;
        for (var i = 0; i < last; i++)
        {
            if (NeedsCompleting(responses[i]))
            {
                throw new ResponseChainingException(
                    ResponseChainingFailure.IncompleteInBatch,
                    $"{commands[i]} answered {responses[i].StatusWord.Value:X4} as command {i + 1} of a batch of {responses.Length}; send it on its own or last in its batch.");
            }
        }

        if (NeedsCompleting(responses[last]))
        {
            responses[last] = await CompleteAsync(commands[last], responses[last], cancellationToken);
        }

        return responses;
    }

    private bool NeedsCompleting(ResponseApdu response) =>
        (Options.AutoGetResponse && response.MoreDataAvailable) || (Options.AutoRetryWrongLength && response.WrongLength);

    // One exchange, repeated once with the corrected Le when the card answers 6Cxx.
    private async Task<ResponseApdu> ExchangeAsync(CommandApdu command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await RetryWrongLengthAsync(command, await _inner.TransmitAsync(command, cancellationToken), cancellationToken);
    }

    private async Task<ResponseApdu> RetryWrongLengthAsync(CommandApdu command, ResponseApdu response, CancellationToken cancellationToken)
    {
        if (!Options.AutoRetryWrongLength || !response.WrongLength)
        {
            return response;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return await _inner.TransmitAsync(command with { Ne = response.CorrectLe!.Value }, cancellationToken);
    }

    private void Append(List<byte> collected, ResponseApdu response, CommandApdu command)
    {
        var total = collected.Count + response.Data.Length;
        if (total > Options.MaxResponseLength)
        {
            throw new ResponseChainingException(
                ResponseChainingFailure.ResponseTooLong,
                $"The response to {command} grew to {total} bytes, more than the limit of {Options.MaxResponseLength}.");
        }

        if (Options.EnforceExpectedLength && command.Ne > 0 && total > command.Ne)
        {
            throw new ResponseChainingException(
                ResponseChainingFailure.ResponseTooLong,
                $"The response to {command} grew to {total} bytes, more than the expected Ne of {command.Ne}.");
        }

        collected.AddRange(response.Data.Span);
    }
}
