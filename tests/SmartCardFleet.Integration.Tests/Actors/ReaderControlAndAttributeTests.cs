using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Integration.Tests.Actors.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Actors;

/// <summary>
/// Control and GetAttribute through the reader actor on a real vpcd reader, each pinned to the one answer pcscd and
/// vpcd give (docs/test-fleet.md, "What a vpcd reader answers to SCardControl and SCardGetAttrib"): Unsupported
/// carrying pcsc-lite's code, or for the device names pcscd's INSUFFICIENT_BUFFER; the card stays usable either way.
/// </summary>
[Collection(RealFleetCollection.Name)]
public sealed class ReaderControlAndAttributeTests(RealFleetFixture fixture, ITestOutputHelper output) : StationSpec(fixture, output)
{
    private const int ReaderSlot = 2;
    private static readonly byte[] Uid = [0x04, 0x0C, 0x0A, 0x77];
    private static readonly byte[] GetUid = [0xFF, 0xCA, 0x00, 0x00, 0x00];

    [Theory]
    [InlineData(PcscControlCode.GetFeatureRequest)]
    [InlineData(3500u)]
    public async Task A_control_code_is_Unsupported_with_pcsc_lites_code_and_the_card_still_answers(uint controlCode) =>
        AssertUnsupported(await RefusedAsync(new Control(controlCode, [])), "SCardControl");

    [Theory]
    [InlineData(PcscAttributes.VendorName)]
    [InlineData(PcscAttributes.VendorIfdType)]
    [InlineData(PcscAttributes.AtrString)]
    [InlineData(PcscAttributes.IccPresence)]
    public async Task An_attribute_the_driver_does_not_know_is_Unsupported_and_the_card_still_answers(uint attribute) =>
        AssertUnsupported(await RefusedAsync(new GetAttribute(attribute)), "SCardGetAttrib");

    [Theory]
    [InlineData(PcscAttributes.DeviceFriendlyName)]
    [InlineData(PcscAttributes.DeviceSystemName)]
    public async Task The_device_names_are_refused_for_any_buffer_and_the_card_still_answers(uint attribute)
    {
        var failure = await RefusedAsync(new GetAttribute(attribute));

        Assert.Equal(ReaderFailureReason.PcscError, failure.Reason);
        Assert.Equal(PcscError.InsufficientBuffer, failure.Error);
        Assert.Contains("SCardGetAttrib", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Sends <paramref name="request"/> to an auto-attached storage card and returns the refusal, after
    /// proving the refusal left the card's session intact: the next APDU is answered.</summary>
    private async Task<ReaderFailure> RefusedAsync(object request)
    {
        var manager = StartStation();
        var reader = IdOf(ReaderSlot);
        await using var card = await InsertAsync(ReaderSlot, new StorageCard(Uid));
        ExpectEvent<CardAttached>(reader);

        var failure = Request<ReaderFailure>(manager, reader, request);

        Assert.Equal(Uid, Request<Transmitted>(manager, reader, new Transmit(GetUid)).Data);
        return failure;
    }

    private static void AssertUnsupported(ReaderFailure failure, string call)
    {
        Assert.Equal(ReaderFailureReason.Unsupported, failure.Reason);
        // pcsc-lite's one code for "unsupported feature" and "unexpected" (docs/pcsc-notes.md §9).
        Assert.Equal(PcscError.Unexpected, failure.Error);
        Assert.Equal(0x8010001Fu, (uint)failure.Error!.Value);
        Assert.Contains(call, failure.Message, StringComparison.Ordinal);
    }
}
