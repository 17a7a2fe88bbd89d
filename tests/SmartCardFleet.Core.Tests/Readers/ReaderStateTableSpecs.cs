using Akka.Actor;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Readers;

/// <summary>Every reader state × every request: each row names the reply the request must get in that state.</summary>
public sealed class ReaderStateTableSpecs : FleetSpec
{
    private const string ReaderName = "Table Reader 00 00";

    private readonly FaultInjectingPcsc _pcsc;

    public ReaderStateTableSpecs(ITestOutputHelper output)
        : base(output) => _pcsc = new FaultInjectingPcsc(Pcsc);

    private static readonly string[] CardRequests =
    [
        nameof(Attach), nameof(AttachByHandle), nameof(Detach), nameof(Reconnect), nameof(Transmit), nameof(Control),
        nameof(GetAttribute), nameof(BeginTransaction), nameof(EndTransaction),
    ];

    public static TheoryData<ReaderState, string, string> Rows()
    {
        var rows = new TheoryData<ReaderState, string, string>();
        void Add(ReaderState state, string message, string expected) => rows.Add(state, message, expected);

        Add(ReaderState.NoCard, nameof(Attach), "Failure:NoCard");
        Add(ReaderState.NoCard, nameof(AttachByHandle), "Failure:InvalidHandle");
        Add(ReaderState.NoCard, nameof(Detach), "Failure:NotAttached");
        Add(ReaderState.NoCard, nameof(Reconnect), "Failure:NoCard");
        Add(ReaderState.NoCard, nameof(Transmit), "Failure:NoCard");
        Add(ReaderState.NoCard, nameof(Control), "Failure:NoCard");
        Add(ReaderState.NoCard, nameof(GetAttribute), "Failure:NoCard");
        Add(ReaderState.NoCard, nameof(BeginTransaction), "Failure:NoCard");
        Add(ReaderState.NoCard, nameof(EndTransaction), "Failure:TransactionEnded");
        Add(ReaderState.NoCard, nameof(GetStatus), "Status:NoCard");

        Add(ReaderState.CardPresent, nameof(Attach), nameof(Attached));
        Add(ReaderState.CardPresent, nameof(AttachByHandle), "Failure:InvalidHandle");
        Add(ReaderState.CardPresent, nameof(Detach), "Failure:NotAttached");
        Add(ReaderState.CardPresent, nameof(Reconnect), "Failure:NotAttached");
        Add(ReaderState.CardPresent, nameof(Transmit), "Failure:NotAttached");
        Add(ReaderState.CardPresent, nameof(Control), "Failure:NotAttached");
        Add(ReaderState.CardPresent, nameof(GetAttribute), "Failure:NotAttached");
        Add(ReaderState.CardPresent, nameof(BeginTransaction), "Failure:NotAttached");
        Add(ReaderState.CardPresent, nameof(EndTransaction), "Failure:TransactionEnded");
        Add(ReaderState.CardPresent, nameof(GetStatus), "Status:CardPresent");

        Add(ReaderState.Attached, nameof(Attach), "Failure:AlreadyAttached");
        Add(ReaderState.Attached, nameof(AttachByHandle), "Failure:AlreadyAttached");
        Add(ReaderState.Attached, nameof(Detach), nameof(Detached));
        Add(ReaderState.Attached, nameof(Reconnect), nameof(Reconnected));
        Add(ReaderState.Attached, nameof(Transmit), nameof(Transmitted));
        Add(ReaderState.Attached, nameof(Control), "Answered");
        Add(ReaderState.Attached, nameof(GetAttribute), "Answered");
        Add(ReaderState.Attached, nameof(BeginTransaction), nameof(TransactionBegun));
        Add(ReaderState.Attached, nameof(EndTransaction), "Failure:TransactionEnded");
        Add(ReaderState.Attached, nameof(GetStatus), "Status:Attached");

        // Someone else holds a transaction: requests without its id wait, then get their Attached answer.
        Add(ReaderState.InTransaction, nameof(Attach), "AfterEnd:Failure:AlreadyAttached");
        Add(ReaderState.InTransaction, nameof(AttachByHandle), "AfterEnd:Failure:AlreadyAttached");
        Add(ReaderState.InTransaction, nameof(Control), "AfterEnd:Answered");
        Add(ReaderState.InTransaction, nameof(GetAttribute), "AfterEnd:Answered");
        Add(ReaderState.InTransaction, nameof(Detach), "AfterEnd:" + nameof(Detached));
        Add(ReaderState.InTransaction, nameof(Reconnect), "AfterEnd:" + nameof(Reconnected));
        Add(ReaderState.InTransaction, nameof(Transmit), "AfterEnd:" + nameof(Transmitted));
        Add(ReaderState.InTransaction, nameof(BeginTransaction), "AfterEnd:" + nameof(TransactionBegun));
        Add(ReaderState.InTransaction, nameof(EndTransaction), "AfterEnd:Failure:TransactionEnded");
        Add(ReaderState.InTransaction, nameof(GetStatus), "Status:InTransaction");

        foreach (var message in CardRequests)
        {
            Add(ReaderState.ServiceLost, message, "Failure:ServiceUnavailable");
        }

        Add(ReaderState.ServiceLost, nameof(GetStatus), "Status:ServiceLost");

        // An environment fault (here ERROR_BROKEN_PIPE: no smart-card redirection) parks the reader.
        foreach (var message in CardRequests)
        {
            Add(ReaderState.Faulted, message, "Failure:PcscError");
        }

        Add(ReaderState.Faulted, nameof(GetStatus), "Status:Faulted");
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_state_answers_each_request_as_the_table_says(ReaderState state, string message, string expected)
    {
        var reader = Arrange(state, out var holderTransaction);
        reader.Tell(Message(message), TestActor);

        if (expected.StartsWith("AfterEnd:", StringComparison.Ordinal))
        {
            // Stashed behind the holder's transaction: nothing may come before the holder ends it.
            var holder = CreateTestProbe();
            reader.Tell(new EndTransaction(holderTransaction!.Value), holder.Ref);
            holder.ExpectMsg<TransactionEnded>(Wait);
            expected = expected["AfterEnd:".Length..];
        }

        var reply = ReceiveOne(Wait);
        Assert.NotNull(reply);
        AssertReply(expected, reply!);
    }

    private IActorRef Arrange(ReaderState state, out TransactionId? holderTransaction)
    {
        holderTransaction = null;
        var simulated = Pcsc.AddReader(ReaderName);
        if (state != ReaderState.NoCard)
        {
            simulated.Insert(new StorageCard());
        }

        var settings = FastSettings.Reader with { AutoAttach = state != ReaderState.CardPresent };
        var managerProbe = CreateTestProbe();
        var reader = Sys.ActorOf(ReaderActor.Props(_pcsc, ReaderId.FromReaderName(ReaderName), ReaderName, settings,
            PcscScope.System, managerProbe.Ref));
        var expectedState = state is ReaderState.InTransaction or ReaderState.ServiceLost or ReaderState.Faulted ? ReaderState.Attached : state;
        AwaitAssert(() => Assert.Equal(expectedState, Ask<ReaderSnapshot>(reader, GetStatus.Instance).State), Wait);

        if (state == ReaderState.InTransaction)
        {
            var holder = CreateTestProbe();
            reader.Tell(new BeginTransaction(TimeSpan.FromSeconds(10), "holder"), holder.Ref);
            holderTransaction = holder.ExpectMsg<TransactionBegun>(Wait).Transaction;
        }
        else if (state == ReaderState.ServiceLost)
        {
            Pcsc.StopService();
            Assert.Equal(ReaderFailureReason.ServiceUnavailable, AskFailure(reader, new Transmit(GetUid)).Reason);
            managerProbe.FishForMessage<ReaderLostService>(_ => true, Wait);
        }
        else if (state == ReaderState.Faulted)
        {
            _pcsc.FailTransmits(ReaderName, PcscError.BrokenPipe);
            Assert.Equal(PcscError.BrokenPipe, AskFailure(reader, new Transmit(GetUid)).Error);
            ExpectEvent<ReaderFaulted>();
        }

        return reader;
    }

    private static object Message(string name) => name switch
    {
        nameof(Attach) => new Attach(),
        nameof(AttachByHandle) => new AttachByHandle(0x7777),
        nameof(Detach) => new Detach(),
        nameof(Reconnect) => new Reconnect(Initialization: CardDisposition.Reset),
        nameof(Transmit) => new Transmit(GetUid),
        nameof(Control) => new Control(3400, []),
        nameof(GetAttribute) => new GetAttribute(PcscAttributes.VendorName),
        nameof(BeginTransaction) => new BeginTransaction(TimeSpan.FromSeconds(5)),
        nameof(EndTransaction) => new EndTransaction(TransactionId.New()),
        nameof(GetStatus) => GetStatus.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such row message"),
    };

    private static void AssertReply(string expected, object reply)
    {
        switch (expected.Split(':'))
        {
            case ["Failure", var reason]:
                var failure = Assert.IsType<ReaderFailure>(reply);
                Assert.Equal(Enum.Parse<ReaderFailureReason>(reason), failure.Reason);
                Assert.False(string.IsNullOrWhiteSpace(failure.Message));
                break;
            case ["Status", var state]:
                Assert.Equal(Enum.Parse<ReaderState>(state), Assert.IsType<ReaderSnapshot>(reply).State);
                break;
            case ["Answered"]:
                // Reader control and attributes depend on the reader: a value, or a typed "unsupported".
                Assert.True(reply is ControlResponse or AttributeValue
                    || reply is ReaderFailure { Reason: ReaderFailureReason.Unsupported or ReaderFailureReason.PcscError }, $"unexpected {reply}");
                break;
            default:
                Assert.Equal(expected, reply.GetType().Name);
                break;
        }
    }
}
