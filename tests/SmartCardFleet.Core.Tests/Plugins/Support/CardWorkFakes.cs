using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Tests.Plugins.Support;

/// <summary>A card's work items without an actor or a reader: transactions, channels and host reports are recorded,
/// and time is a <see cref="ManualTimeProvider"/>.</summary>
internal sealed class CardWorkFakes
{
    public static readonly ReaderId Reader = ReaderId.FromReaderName("Reader Plain 00");

    public CardWorkFakes(PluginHostSettings? settings = null)
    {
        Context = new CardWorkContext(Reader, new SessionId(Guid.NewGuid()), [0x3B, 0x02, 0x14, 0x50], Transactions, NewChannel,
            settings ?? new PluginHostSettings(), NullLogger.Instance, Reports.Enqueue)
        {
            Time = Clock,
        };
    }

    public ManualTimeProvider Clock { get; } = new();

    public FakeTransactions Transactions { get; } = new();

    public ConcurrentQueue<object> Reports { get; } = new();

    public List<FakeChannel> Channels { get; } = [];

    public CardWorkContext Context { get; }

    public T Report<T>() => Assert.Single(Reports.OfType<T>());

    /// <summary>What an operation past its deadline must leave behind, whatever kept the plugin from answering: the
    /// requester told Timeout, the card reset, a fault reported, the session closed with its channel, a fresh state.</summary>
    public void AssertTimedOutAndAbandoned(IReadOnlyList<object> replies, LoadedPlugin plugin, FakeChannel channel, CardSessionState state)
    {
        Assert.Equal(OperationFailureReason.Timeout, Assert.IsType<OperationFailed>(Assert.Single(replies)).Reason);
        Assert.Equal(CardDisposition.Reset, Transactions.LastDisposition);
        Assert.True(Report<OperationOutcomeReport>().Fault);
        Assert.Equal(plugin, Report<SessionClosedReport>().Plugin);
        Assert.True(channel.Closed);
        Assert.Equal(CardSessionState.Fresh(plugin), state);
    }

    private ISessionChannel NewChannel(LoadedPlugin plugin)
    {
        var channel = new FakeChannel();
        Channels.Add(channel);
        return channel;
    }

    public static LoadedPlugin Plugin(string id, Func<Task<bool>>? probe = null, Func<ICardSession>? open = null, Func<bool>? match = null,
        params string[] operations) =>
        new(id, id + ".dll", new FakePlugin(id, probe, open, match, operations, null, 0), null, null);

    /// <summary>A plugin that ranks by <paramref name="pattern"/> (none: matches every ATR with specificity 0) and
    /// <paramref name="priority"/>; <paramref name="match"/> replaces the Match its pattern gives.</summary>
    public static LoadedPlugin Ranked(string id, AtrPattern? pattern, int priority = 0, Func<bool>? match = null) =>
        new(id, id + ".dll", new FakePlugin(id, null, null, match, [], pattern, priority), null, null);

    private sealed class FakePlugin(string id, Func<Task<bool>>? probe, Func<ICardSession>? open, Func<bool>? match, string[] operations,
        AtrPattern? pattern, int priority) : CardPluginBase(new PluginManifest
    {
        Id = id,
        Name = id,
        Version = "1.0.0",
        SdkVersion = SdkInfo.Version,
        CardType = id,
        AtrPatterns = pattern is null ? [] : [pattern],
        ProbeAids = [Aid.Parse("A000000001")],
        Priority = priority,
        Operations = [.. operations.Select(o => new OperationDescriptor(o, o))],
    })
    {
        public override bool Match(Atr atr) => match?.Invoke() ?? base.Match(atr);

        public override Task<bool> ProbeAsync(ICardChannel channel, CancellationToken cancellationToken) => probe?.Invoke() ?? Task.FromResult(true);

        public override Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
            Task.FromResult(open?.Invoke() ?? new FakeSession());
    }
}

internal sealed class FakeTransactions : IReaderTransactions
{
    public ReaderFailure? RefuseBegin { get; set; }

    public ConcurrentQueue<(TransactionId Transaction, CardDisposition Disposition)> Ended { get; } = new();

    public int Begun { get; private set; }

    public Task<TransactionId> BeginAsync(TimeSpan lease, string holder)
    {
        if (RefuseBegin is { } refusal)
        {
            throw new ReaderRequestException(refusal);
        }

        Begun++;
        return Task.FromResult(new TransactionId(Guid.NewGuid()));
    }

    public Task<ReaderFailure?> EndAsync(TransactionId transaction, CardDisposition disposition)
    {
        Ended.Enqueue((transaction, disposition));
        return Task.FromResult<ReaderFailure?>(null);
    }

    public CardDisposition LastDisposition => Assert.Single(Ended).Disposition;
}

internal sealed class FakeChannel : ISessionChannel
{
    public TransactionId? Armed { get; private set; }

    public bool Closed { get; private set; }

    public Atr Atr { get; } = Atr.Parse("3B 02 14 50");

    public ReaderInfo Reader { get; } = new("reader", "Reader Plain 00");

    public CancellationToken CardResetToken => CancellationToken.None;

    public void Arm(TransactionId transaction) => Armed = transaction;

    public void Disarm() => Armed = null;

    public void Close() => (Closed, Armed) = (true, null);

    public Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken = default) =>
        Task.FromResult(ResponseApdu.Parse([0x90, 0x00]));
}

/// <summary>A session whose operation does what the spec hands it.</summary>
internal sealed class FakeSession(Func<CancellationToken, Task<JsonNode?>>? execute = null) : ICardSession
{
    public int ResetNotices { get; private set; }

    public bool Disposed { get; private set; }

    public Task<JsonNode?> ExecuteAsync(string operation, JsonObject arguments, CancellationToken cancellationToken) =>
        execute?.Invoke(cancellationToken) ?? Task.FromResult<JsonNode?>(new JsonObject { ["ok"] = true });

    public Task OnCardResetAsync(CancellationToken cancellationToken)
    {
        ResetNotices++;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
