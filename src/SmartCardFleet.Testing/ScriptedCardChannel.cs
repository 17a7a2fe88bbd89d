using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;

namespace SmartCardFleet.Testing;

/// <summary>
/// A card channel that answers from expectations (command pattern → response) and records every command sent. Use
/// it wherever a plugin needs an <see cref="ICardChannel"/>: in a probe, a session, or through <see cref="PluginHarness"/>.
/// </summary>
/// <remarks>
/// <para>Commands are matched as encoded APDU bytes against <see cref="ApduPattern"/>s: hex, <c>??</c> for any one byte,
/// a trailing <c>*</c> for any remaining bytes. Each expectation answers once. By default they are consumed in the order
/// they were added: a command must match the next one. After <see cref="AnyOrder"/> a command takes the first
/// not-yet-used expectation it matches.</para>
/// <para>A command no expectation takes is answered with the <see cref="Otherwise"/> response when one is set; otherwise
/// it fails with <see cref="UnexpectedCommandException"/>, whose message names the command and the expectation that was
/// next. Plugin code may catch that exception (a probe that treats any failure as "not my card", for example), so
/// the first one is remembered and <see cref="VerifyAllExpectationsMet"/> throws it again.</para>
/// <para>Thread-safe; the host calls a channel from one operation at a time, and so does the harness.</para>
/// </remarks>
public sealed class ScriptedCardChannel : ICardChannel
{
    private readonly Lock _sync = new();
    private readonly List<Expectation> _expectations = [];
    private readonly List<byte[]> _sent = [];
    private CancellationTokenSource _reset = new();
    private bool _anyOrder;
    private ResponseApdu? _otherwise;
    private UnexpectedCommandException? _firstUnexpected;

    /// <summary>Creates a channel to a card with this ATR.</summary>
    /// <param name="atrHex">The ATR as hex, for example <c>3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A</c>.</param>
    /// <exception cref="FormatException">The text is not hex or not an ATR.</exception>
    public ScriptedCardChannel(string atrHex)
    {
        ArgumentNullException.ThrowIfNull(atrHex);
        Atr = Atr.Parse(atrHex);
    }

    /// <inheritdoc />
    public Atr Atr { get; }

    /// <summary>A reader named like a PC/SC one; set it when the plugin under test looks at the reader.</summary>
    public ReaderInfo Reader { get; init; } = new("scripted-reader", "Scripted Reader 00 00");

    /// <inheritdoc />
    public CancellationToken CardResetToken
    {
        get
        {
            lock (_sync)
            {
                return _reset.Token;
            }
        }
    }

    /// <summary>Every command sent so far, as encoded APDU bytes, in order (answered or not).</summary>
    public IReadOnlyList<byte[]> Sent
    {
        get
        {
            lock (_sync)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>How many expectations have not answered yet.</summary>
    public int Remaining
    {
        get
        {
            lock (_sync)
            {
                return _expectations.Count(e => !e.Used);
            }
        }
    }

    /// <summary>Expects a command and answers it once with <paramref name="response"/>.</summary>
    /// <param name="command">The command pattern: hex, <c>??</c> for any byte, a trailing <c>*</c> for any remaining bytes.</param>
    /// <param name="response">The response as hex: data (if any) followed by SW1 SW2.</param>
    /// <returns>This channel, to chain expectations.</returns>
    /// <exception cref="FormatException">The pattern or the response is not valid (the message says which and why).</exception>
    public ScriptedCardChannel Expect(string command, string response)
    {
        ArgumentNullException.ThrowIfNull(command);
        var pattern = ApduPattern.TryParse(command, out var parsed, out var error)
            ? parsed
            : throw new FormatException($"Expect(\"{command}\", ...): the command pattern is invalid: {error}.");
        var answer = ParseResponse(response, $"Expect(\"{command}\", \"{response}\")");
        lock (_sync)
        {
            _expectations.Add(new Expectation(_expectations.Count + 1, pattern, answer));
        }

        return this;
    }

    /// <summary>Lets commands take expectations in any order (the first unused one that matches).</summary>
    /// <returns>This channel.</returns>
    public ScriptedCardChannel AnyOrder()
    {
        lock (_sync)
        {
            _anyOrder = true;
        }

        return this;
    }

    /// <summary>Answers every command no expectation takes with <paramref name="response"/> instead of failing.</summary>
    /// <param name="response">The response as hex, for example <c>6D 00</c> (instruction not supported).</param>
    /// <returns>This channel.</returns>
    /// <exception cref="FormatException">The response is not valid hex of at least two bytes.</exception>
    public ScriptedCardChannel Otherwise(string response)
    {
        var answer = ParseResponse(response, $"Otherwise(\"{response}\")");
        lock (_sync)
        {
            _otherwise = answer;
        }

        return this;
    }

    /// <summary>Fails unless every expectation has answered and no command went unexpected.</summary>
    /// <exception cref="UnexpectedCommandException">A command was unexpected (even if the plugin caught the failure).</exception>
    /// <exception cref="UnmetExpectationsException">Some expectations were never used; the message lists them.</exception>
    public void VerifyAllExpectationsMet()
    {
        lock (_sync)
        {
            if (_firstUnexpected is not null)
            {
                throw _firstUnexpected;
            }

            var unmet = _expectations.Where(e => !e.Used).ToList();
            if (unmet.Count > 0)
            {
                throw new UnmetExpectationsException(
                    $"{unmet.Count} of {_expectations.Count} expectations were not met: {string.Join("; ", unmet)}. Commands sent: {DescribeSent()}.");
            }
        }
    }

    /// <summary>Plays a reset of the card by someone else: <see cref="CardResetToken"/> is cancelled and replaced.</summary>
    public void SimulateReset()
    {
        CancellationTokenSource old;
        lock (_sync)
        {
            old = _reset;
            _reset = new CancellationTokenSource();
        }

        old.Cancel();
        old.Dispose();
    }

    /// <inheritdoc />
    public Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        var bytes = command.ToBytes();
        lock (_sync)
        {
            _sent.Add(bytes);
            if (Take(bytes) is { } expectation)
            {
                expectation.Used = true;
                return Task.FromResult(expectation.Response);
            }

            if (_otherwise is { } otherwise)
            {
                return Task.FromResult(otherwise);
            }

            var failure = new UnexpectedCommandException($"Unexpected command {Hex.Format(bytes, ' ')} (command {_sent.Count}): {DescribeNext()}.");
            _firstUnexpected ??= failure;
            throw failure;
        }
    }

    private Expectation? Take(byte[] command)
    {
        if (_anyOrder)
        {
            return _expectations.FirstOrDefault(e => !e.Used && e.Pattern.Matches(command));
        }

        var next = _expectations.FirstOrDefault(e => !e.Used);
        return next is not null && next.Pattern.Matches(command) ? next : null;
    }

    private string DescribeNext()
    {
        var unused = _expectations.Where(e => !e.Used).ToList();
        if (unused.Count == 0)
        {
            return _expectations.Count == 0
                ? "no expectations were set"
                : $"all {_expectations.Count} expectations were already met";
        }

        return _anyOrder
            ? $"none of the {unused.Count} unused expectations matches ({string.Join("; ", unused)})"
            : $"the next expectation is {unused[0]}";
    }

    private string DescribeSent() => _sent.Count == 0 ? "none" : string.Join(", ", _sent.Select(b => Hex.Format(b, ' ')));

    private static ResponseApdu ParseResponse(string response, string call)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!Hex.TryParse(response, out var bytes) || bytes.Length < 2)
        {
            throw new FormatException($"{call}: the response must be hex of at least two bytes (data, then SW1 SW2).");
        }

        return ResponseApdu.Parse(bytes);
    }

    private sealed class Expectation(int number, ApduPattern pattern, ResponseApdu response)
    {
        public ApduPattern Pattern { get; } = pattern;

        public ResponseApdu Response { get; } = response;

        public bool Used { get; set; }

        public override string ToString() => $"#{number} {Pattern} → {Hex.Format(Response.ToBytes(), ' ')}";
    }
}
