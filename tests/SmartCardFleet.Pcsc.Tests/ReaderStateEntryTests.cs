namespace SmartCardFleet.Pcsc.Tests;

public sealed class ReaderStateEntryTests
{
    [Fact]
    public void The_counter_is_the_high_word_and_the_flags_the_low_word()
    {
        var entry = new ReaderStateEntry("r") { EventState = 0x0003_0122 };
        Assert.Equal(3, entry.EventCounter);
        Assert.Equal(ReaderStateFlags.Changed | ReaderStateFlags.Present | ReaderStateFlags.InUse, entry.EventFlags);
    }

    [Fact]
    public void Acknowledge_feeds_back_the_whole_event_state_without_changed()
    {
        var entry = new ReaderStateEntry("r", 0x0002_0010) { EventState = 0x0003_0022 };
        entry.Acknowledge();
        Assert.Equal(0x0003_0020u, entry.CurrentState);
        Assert.Equal(3, entry.CurrentCounter);
        Assert.Equal(ReaderStateFlags.Present, entry.CurrentFlags);
    }

    [Fact]
    public void The_counter_wraps_at_0xFFFF_without_bleeding_into_the_flags()
    {
        var entry = new ReaderStateEntry("r") { EventState = 0xFFFF_0010 };
        Assert.Equal(0xFFFF, entry.EventCounter);
        Assert.Equal(ReaderStateFlags.Empty, entry.EventFlags);
    }

    [Theory]
    [InlineData(@"\\?PnP?\Notification", true)]
    [InlineData(@"\\?pnp?\notification", true)]
    [InlineData(@"\\?\Pnp\Notifications", false)]
    public void The_pnp_name_is_recognised_case_insensitively(string name, bool isPnp) =>
        Assert.Equal(isPnp, new ReaderStateEntry(name).IsPnp);
}
