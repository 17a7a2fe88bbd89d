using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Fleet;

public sealed class PerReaderSettingsSpecs(ITestOutputHelper output) : FleetSpec(output)
{
    [Fact]
    public void When_readers_match_different_per_reader_entries_each_auto_attaches_with_its_own_share_mode()
    {
        var manager = StartManager(FastSettings with
        {
            PerReader =
            [
                new PerReaderSettings("Contact Slot *", ShareMode: ShareMode.Exclusive),
                // Never reached for "Contact Slot 00": the first match wins.
                new PerReaderSettings("Contact *", ShareMode: ShareMode.Shared),
                new PerReaderSettings("Manual *", AutoAttach: false),
            ],
        });
        var exclusive = AddReaderWithCard("Contact Slot 00");
        var shared = AddReaderWithCard("Contactless Pad 01");

        Assert.Equal(ShareMode.Exclusive, Ask<ReaderSnapshot>(manager, new ToReader(exclusive, GetStatus.Instance)).ShareMode);
        Assert.Equal(ShareMode.Shared, Ask<ReaderSnapshot>(manager, new ToReader(shared, GetStatus.Instance)).ShareMode);

        Pcsc.AddReader("Manual Desk 02").Insert(new StorageCard());
        var manual = ReaderId.FromReaderName("Manual Desk 02");
        ExpectEvent<CardInserted>(e => e.ReaderId == manual);
        var snapshot = Ask<ReaderSnapshot>(manager, new ToReader(manual, GetStatus.Instance));
        Assert.Equal(ReaderState.CardPresent, snapshot.State);
        Assert.False(snapshot.AutoAttach);
    }

    [Fact]
    public void The_first_matching_entry_is_laid_over_the_station_defaults_and_unmatched_readers_keep_them()
    {
        var settings = new StationSettings
        {
            Reader = new ReaderSettings { DefaultShareMode = ShareMode.Shared, DefaultProtocols = CardProtocol.Any, AutoAttach = true },
            PerReader = [new PerReaderSettings("pad ?", Protocols: CardProtocol.T1), new PerReaderSettings("*", AutoAttach: false)],
        }.Validate();

        var pad = settings.ReaderSettingsFor("PAD 1");
        Assert.Equal((ShareMode.Shared, CardProtocol.T1, true), (pad.DefaultShareMode, pad.DefaultProtocols, pad.AutoAttach));
        Assert.False(settings.ReaderSettingsFor("Other").AutoAttach);
        Assert.Same(settings.Reader, (settings with { PerReader = [] }).ReaderSettingsFor("Other"));
    }

    [Fact]
    public void An_entry_without_a_pattern_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new StationSettings { PerReader = [new PerReaderSettings(" ")] }.Validate());
        Assert.Contains("PerReader[0]", error.Message, StringComparison.Ordinal);
    }
}
