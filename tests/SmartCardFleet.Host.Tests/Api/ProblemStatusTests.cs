using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Host.Api;

namespace SmartCardFleet.Host.Tests.Api;

public sealed class ProblemStatusTests
{
    /// <summary>The soak found a /transaction batch whose own transaction ended under it (card pulled or reset mid-batch)
    /// answered 400 "InvalidRequest", blaming the client for the station's state.</summary>
    [Fact]
    public void A_transaction_that_ended_under_its_request_is_a_409_conflict_not_bad_input() =>
        Assert.Equal(409, Problems.StatusFor(ReaderFailureReason.TransactionEnded));

    /// <summary>A new reason without a status would fall to 500, a server error for what may be the client's or the card's doing.</summary>
    [Fact]
    public void Every_reader_failure_reason_has_a_status_of_its_own() =>
        Assert.All(Enum.GetValues<ReaderFailureReason>(), reason => Assert.NotEqual(500, Problems.StatusFor(reason)));

    /// <summary>The soak saw 35,547 plugin operations answered 409 ReaderFailed "ServiceUnavailable: ..." while pcscd was
    /// down: a conflict the client could not resolve, where a transmit to the same reader answered 503.</summary>
    [Fact]
    public void A_plugin_operation_on_a_reader_whose_PC_SC_is_down_is_503_like_the_reader_requests() =>
        Assert.Equal(Problems.StatusFor(ReaderFailureReason.ServiceUnavailable), Problems.StatusFor(OperationFailureReason.ReaderUnavailable));

    [Fact]
    public void Every_operation_failure_reason_has_a_status_of_its_own() =>
        Assert.All(Enum.GetValues<OperationFailureReason>(), reason => Assert.NotEqual(500, Problems.StatusFor(reason)));
}
