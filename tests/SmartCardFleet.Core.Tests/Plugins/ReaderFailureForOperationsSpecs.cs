using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Tests.Plugins;

public sealed class ReaderFailureForOperationsSpecs
{
    private static readonly ReaderId Reader = new("reader-1");

    [Theory]
    [InlineData(ReaderFailureReason.ServiceUnavailable, OperationFailureReason.ReaderUnavailable)]
    [InlineData(ReaderFailureReason.ReaderGone, OperationFailureReason.ReaderUnavailable)]
    [InlineData(ReaderFailureReason.NoCard, OperationFailureReason.NoCard)]
    [InlineData(ReaderFailureReason.CardGone, OperationFailureReason.NoCard)]
    [InlineData(ReaderFailureReason.NotAttached, OperationFailureReason.NoCard)]
    [InlineData(ReaderFailureReason.UnknownReader, OperationFailureReason.UnknownReader)]
    [InlineData(ReaderFailureReason.BusyInTransaction, OperationFailureReason.ReaderFailed)]
    [InlineData(ReaderFailureReason.PcscError, OperationFailureReason.ReaderFailed)]
    public void A_reader_failure_becomes_the_operation_failure_its_caller_can_act_on(ReaderFailureReason reader, OperationFailureReason operation)
    {
        var failed = ReaderFailureForOperations.Failed(Reader, new ReaderFailure(Reader, reader, "what the reader said"), "org.example");

        Assert.Equal(operation, failed.Reason);
        Assert.Contains("what the reader said", failed.Message, StringComparison.Ordinal);
        Assert.Equal("org.example", failed.PluginId);
    }
}
