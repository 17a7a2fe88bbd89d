namespace SmartCardFleet.Pcsc.Tests.Errors;

public sealed class PcscErrorClassifierTests
{
    public static TheoryData<PcscError> AllErrors()
    {
        var data = new TheoryData<PcscError>();
        foreach (var error in Enum.GetValues<PcscError>())
        {
            data.Add(error);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllErrors))]
    public void Every_error_value_has_exactly_one_table_row_with_a_symbol_and_a_sentence(PcscError error)
    {
        var rows = PcscErrorClassifier.KnownErrors.Where(r => r.Error == error).ToList();
        var row = Assert.Single(rows);
        Assert.Matches("^(SCARD_[SFEPW]_|ERROR_)[A-Z0-9_]+$", row.Symbol);
        Assert.False(string.IsNullOrWhiteSpace(row.Description));
        Assert.Equal(error == PcscError.Success, row.Class == PcscErrorClass.None);
    }

    [Fact]
    public void The_table_has_no_rows_for_values_outside_the_enum() =>
        Assert.All(PcscErrorClassifier.KnownErrors, r => Assert.True(Enum.IsDefined(r.Error)));

    [Theory]
    [InlineData(PcscError.Cancelled, PcscErrorClass.Expected)]
    [InlineData(PcscError.Timeout, PcscErrorClass.Expected)]
    [InlineData(PcscError.CancelledByUser, PcscErrorClass.Expected)]
    [InlineData(PcscError.CommError, PcscErrorClass.ServiceGone)]
    [InlineData(PcscError.Shutdown, PcscErrorClass.ServiceGone)]
    [InlineData(PcscError.NoService, PcscErrorClass.ServiceGone)]
    [InlineData(PcscError.ServiceStopped, PcscErrorClass.ServiceGone)]
    [InlineData(PcscError.SystemCancelled, PcscErrorClass.ServiceGone)]
    [InlineData(PcscError.InvalidHandleWin32, PcscErrorClass.ServiceGone)]
    [InlineData(PcscError.UnknownReader, PcscErrorClass.ReaderGone)]
    [InlineData(PcscError.ReaderUnavailable, PcscErrorClass.ReaderGone)]
    [InlineData(PcscError.NoReadersAvailable, PcscErrorClass.NoReaders)]
    [InlineData(PcscError.NoSmartcard, PcscErrorClass.CardGone)]
    [InlineData(PcscError.RemovedCard, PcscErrorClass.CardGone)]
    [InlineData(PcscError.ResetCard, PcscErrorClass.CardReset)]
    [InlineData(PcscError.UnpoweredCard, PcscErrorClass.Reconnect)]
    [InlineData(PcscError.CommDataLost, PcscErrorClass.Reconnect)]
    [InlineData(PcscError.UnresponsiveCard, PcscErrorClass.Mute)]
    [InlineData(PcscError.CardUnsupported, PcscErrorClass.CardUnusable)]
    [InlineData(PcscError.SharingViolation, PcscErrorClass.Sharing)]
    [InlineData(PcscError.NotReady, PcscErrorClass.Busy)]
    [InlineData(PcscError.ServerTooBusy, PcscErrorClass.Busy)]
    [InlineData(PcscError.WaitedTooLong, PcscErrorClass.Busy)]
    [InlineData(PcscError.WrongChv, PcscErrorClass.Auth)]
    [InlineData(PcscError.ChvBlocked, PcscErrorClass.Auth)]
    [InlineData(PcscError.NoAccess, PcscErrorClass.Auth)]
    [InlineData(PcscError.FileNotFound, PcscErrorClass.CardData)]
    [InlineData(PcscError.Eof, PcscErrorClass.CardData)]
    [InlineData(PcscError.CacheItemStale, PcscErrorClass.Cache)]
    [InlineData(PcscError.ReaderUnsupported, PcscErrorClass.Config)]
    [InlineData(PcscError.InvalidAtr, PcscErrorClass.Config)]
    [InlineData(PcscError.BrokenPipe, PcscErrorClass.Config)]
    [InlineData(PcscError.InvalidParameter, PcscErrorClass.Programming)]
    [InlineData(PcscError.InsufficientBuffer, PcscErrorClass.Programming)]
    [InlineData(PcscError.InsufficientBufferWin32, PcscErrorClass.Programming)]
    [InlineData(PcscError.ProtoMismatch, PcscErrorClass.Programming)]
    [InlineData(PcscError.NotTransacted, PcscErrorClass.Programming)]
    [InlineData(PcscError.InvalidHandle, PcscErrorClass.StaleHandle)]
    [InlineData(PcscError.CantDispose, PcscErrorClass.Unsupported)]
    [InlineData(PcscError.ReadOnlyCard, PcscErrorClass.Unsupported)]
    [InlineData(PcscError.InternalError, PcscErrorClass.Fatal)]
    [InlineData(PcscError.NoMemory, PcscErrorClass.Fatal)]
    [InlineData(PcscError.UnknownResMng, PcscErrorClass.Fatal)]
    [InlineData(PcscError.Success, PcscErrorClass.None)]
    public void Each_code_has_the_class_of_the_host_table(PcscError error, PcscErrorClass expected) =>
        Assert.Equal(expected, PcscErrorClassifier.Classify(error));

    [Fact]
    public void Both_unsupported_feature_values_are_unsupported()
    {
        Assert.Equal(0x8010001Fu, (uint)PcscError.Unexpected);
        Assert.Equal(0x80100022u, (uint)PcscError.UnsupportedFeature);
        Assert.Equal(PcscErrorClass.Unsupported, PcscErrorClassifier.Classify(PcscError.Unexpected));
        Assert.Equal(PcscErrorClass.Unsupported, PcscErrorClassifier.Classify(PcscError.UnsupportedFeature));
    }

    [Fact]
    public void Shutdown_and_win32_invalid_handle_are_not_confused_with_service_stopped()
    {
        // pcsc-sharp's "case Shutdown | InvalidHandleWindows" OR-ed to 0x8010001E (docs/pcsc-notes.md §9).
        Assert.Equal(0x8010001Eu, (uint)PcscError.Shutdown | (uint)PcscError.InvalidHandleWin32);
        Assert.Equal("SCARD_P_SHUTDOWN", PcscError.Shutdown.ToSymbol());
        Assert.Equal("ERROR_INVALID_HANDLE", PcscError.InvalidHandleWin32.ToSymbol());
        Assert.Equal("SCARD_E_SERVICE_STOPPED", PcscError.ServiceStopped.ToSymbol());
    }

    [Fact]
    public void Invalid_handle_on_a_context_means_the_service_is_gone_but_on_a_card_only_a_stale_handle()
    {
        Assert.Equal(PcscErrorClass.ServiceGone, PcscErrorClassifier.Classify(PcscError.InvalidHandle, PcscCallKind.Context));
        Assert.Equal(PcscErrorClass.StaleHandle, PcscErrorClassifier.Classify(PcscError.InvalidHandle, PcscCallKind.Card));
    }

    [Fact]
    public void Not_transacted_after_the_card_was_pulled_means_the_card_is_gone()
    {
        Assert.Equal(PcscErrorClass.CardGone, PcscErrorClassifier.Classify(PcscError.NotTransacted, PcscCallKind.CardRemoved));
        Assert.Equal(PcscErrorClass.Programming, PcscErrorClassifier.Classify(PcscError.NotTransacted, PcscCallKind.Card));
    }

    [Fact]
    public void Security_violation_on_a_card_handle_is_a_stale_handle_not_a_card_failure() =>
        Assert.Equal(PcscErrorClass.StaleHandle, PcscErrorClassifier.Classify(PcscError.SecurityViolation, PcscCallKind.Card));

    [Fact]
    public void Protocol_mismatch_on_a_card_handle_is_a_reset_to_acknowledge_but_elsewhere_a_wrong_request()
    {
        Assert.Equal(PcscErrorClass.CardReset, PcscErrorClassifier.Classify(PcscError.ProtoMismatch, PcscCallKind.Card));
        Assert.Equal(PcscErrorClass.Programming, PcscErrorClassifier.Classify(PcscError.ProtoMismatch, PcscCallKind.Context));
    }

    [Fact]
    public void Security_violation_at_establish_time_is_an_installation_fault() =>
        Assert.Equal(PcscErrorClass.Config, PcscErrorClassifier.Classify(PcscError.SecurityViolation, PcscCallKind.Context));

    [Fact]
    public void A_code_outside_the_table_is_fatal_and_still_described()
    {
        var unknown = (PcscError)0x801000AA;
        Assert.Equal(PcscErrorClass.Fatal, PcscErrorClassifier.Classify(unknown));
        Assert.Contains("0x801000AA", unknown.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_gives_sentence_symbol_and_hex() =>
        Assert.Equal("the card was removed (SCARD_W_REMOVED_CARD 0x80100069)", PcscError.RemovedCard.Describe());

    [Fact]
    public void The_exception_carries_code_class_operation_and_a_readable_message()
    {
        var ex = new PcscException(PcscError.RemovedCard, "SCardTransmit", PcscCallKind.Card);
        Assert.Equal(PcscError.RemovedCard, ex.Error);
        Assert.Equal(PcscErrorClass.CardGone, ex.Class);
        Assert.Equal("SCardTransmit", ex.Operation);
        Assert.Equal("SCardTransmit failed: the card was removed (SCARD_W_REMOVED_CARD 0x80100069)", ex.Message);
    }
}
