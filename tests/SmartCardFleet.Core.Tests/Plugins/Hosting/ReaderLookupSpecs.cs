using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Hosting;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Tests.Plugins.Hosting;

/// <summary>What the reader's answer means to an operation for a reader the host holds no card for.</summary>
public sealed class ReaderLookupSpecs
{
    private static readonly ReaderId Reader = ReaderId.FromReaderName("Reader Lookup 00");

    [Fact]
    public void A_card_attached_a_moment_ago_is_started()
    {
        var session = new SessionId(Guid.NewGuid());

        var decision = ReaderLookup.Decide(Reader, Snapshot(ReaderState.Attached, session, [0x3B, 0x00]));

        Assert.Equal(session, decision.Session);
        Assert.Null(decision.Failure);
    }

    [Fact]
    public void An_empty_reader_is_NoCard_with_its_state()
    {
        var failure = ReaderLookup.Decide(Reader, Snapshot(ReaderState.NoCard, null, null)).Failure!;

        Assert.Equal(OperationFailureReason.NoCard, failure.Reason);
        Assert.Contains("NoCard", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReaderFailureReason.UnknownReader, OperationFailureReason.UnknownReader)]
    [InlineData(ReaderFailureReason.ServiceUnavailable, OperationFailureReason.ReaderUnavailable)]
    [InlineData(ReaderFailureReason.Timeout, OperationFailureReason.ReaderFailed)]
    public void A_reader_failure_becomes_the_operations_failure(ReaderFailureReason reader, OperationFailureReason operation)
    {
        var failure = ReaderLookup.Decide(Reader, new ReaderFailure(Reader, reader, "detail")).Failure!;

        Assert.Equal(operation, failure.Reason);
        Assert.Contains("detail", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>The only place these specs build a snapshot (its shape belongs to the reader core).</summary>
    private static ReaderSnapshot Snapshot(ReaderState state, SessionId? session, byte[]? atr) =>
        new(Reader, "Reader Lookup 00", state, atr, null, null, session, 0, null, false, null);
}
