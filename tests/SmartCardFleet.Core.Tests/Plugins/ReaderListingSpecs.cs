using Akka.Actor;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Plugins;

public sealed class ReaderListingSpecs(ITestOutputHelper output) : PluginHostSpec(output)
{
    [Fact]
    public void When_the_start_up_listing_fails_because_the_service_is_down_the_host_lists_again_after_ServiceRestored()
    {
        // The fallback timer must not be what lists again here.
        HostSettings = HostSettings with { RelistDelay = TimeSpan.FromMinutes(5) };
        var reader = StartBehindFailedListing();

        Sys.EventStream.Publish(new ServiceRestored(null, 1, DateTimeOffset.UtcNow));

        var identified = ExpectEvent<CardIdentified>(e => e.ReaderId == reader);
        Assert.Equal("org.smartcardfleet.uid", identified.PluginId);
    }

    [Fact]
    public void When_the_start_up_listing_fails_and_no_ServiceRestored_follows_the_host_lists_again_after_the_relist_delay()
    {
        HostSettings = HostSettings with { RelistDelay = TimeSpan.FromMilliseconds(100) };
        var reader = StartBehindFailedListing();

        var identified = ExpectEvent<CardIdentified>(e => e.ReaderId == reader);
        Assert.Equal("org.smartcardfleet.uid", identified.PluginId);
    }

    /// <summary>A card attached before the plugin host exists (only a reader listing can tell the host about it), and a
    /// host whose first listing was answered ServiceUnavailable.</summary>
    private ReaderId StartBehindFailedListing()
    {
        Plugins.InstallShipped("Uid");
        Manager = StartManager();
        var reader = AddReaderWithCard("Reader A 00 00", new StorageCard());
        var manager = Sys.ActorOf(Props.Create(() => new RecoveringOnceManager(Manager, TestActor)), "recovering-manager");
        StartHost(manager);
        ExpectMsg<ListingFailed>(Wait);
        return reader;
    }

    private sealed record ListingFailed;

    /// <summary>Answers the first ListReaders as a recovering manager does (ServiceUnavailable), then is the real one.</summary>
    private sealed class RecoveringOnceManager : ReceiveActor
    {
        public RecoveringOnceManager(IActorRef manager, IActorRef observer)
        {
            var failed = false;
            Receive<ListReaders>(_ => !failed, _ =>
            {
                failed = true;
                Sender.Tell(new ReaderFailure(null, ReaderFailureReason.ServiceUnavailable, "the PC/SC service is gone; the station is recovering"));
                observer.Tell(new ListingFailed());
            });
            ReceiveAny(message => manager.Forward(message));
        }
    }
}
