using Akka.Actor;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins.Hosting;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Tests.Plugins.Hosting;

public sealed class CardTableSpecs
{
    private static readonly ReaderId Reader = ReaderId.FromReaderName("Reader Table 00");
    private readonly CardTable _table = new();

    [Fact]
    public void A_detach_of_an_older_session_leaves_the_current_card_alone()
    {
        var current = Entry(new SessionId(Guid.NewGuid()));
        _table.Add(current);

        Assert.Null(_table.Remove(Reader, new SessionId(Guid.NewGuid())));
        Assert.True(_table.Holds(Reader, current.Session));
        Assert.Same(current, _table.Remove(Reader, current.Session));
        Assert.False(_table.Holds(Reader));
    }

    [Fact]
    public void A_removal_without_a_session_removes_whatever_card_the_reader_has()
    {
        _table.Add(Entry(new SessionId(Guid.NewGuid())));

        Assert.NotNull(_table.Remove(Reader, null));
        Assert.False(_table.Holds(Reader));
    }

    [Fact]
    public void A_stopped_card_actor_takes_its_entry_with_it()
    {
        var entry = Entry(new SessionId(Guid.NewGuid()));
        _table.Add(entry);

        Assert.Same(entry, _table.RemoveActor(entry.Actor));
        Assert.Null(_table.RemoveActor(entry.Actor));
        Assert.False(_table.Holds(Reader));
    }

    [Fact]
    public void Card_actor_names_never_repeat_for_a_reader()
    {
        Assert.NotEqual(_table.NextActorName(Reader), _table.NextActorName(Reader));
    }

    [Fact]
    public void Plugins_see_the_readers_name_once_it_is_known()
    {
        Assert.Equal(Reader.Value, _table.Reader(Reader).Name);

        _table.RememberName(Reader, "ACME Reader 00 00");

        Assert.Equal("ACME Reader 00 00", _table.Reader(Reader).Name);
    }

    [Fact]
    public void The_identification_query_says_whether_a_card_is_tracked_and_which_plugin_holds_it()
    {
        Assert.False(_table.Identification(Reader).Attached);
        _table.Add(Entry(new SessionId(Guid.NewGuid())));

        var identification = _table.Identification(Reader);

        Assert.True(identification.Attached);
        Assert.Null(identification.PluginId);
    }

    private static CardEntry Entry(SessionId session) => new(Reader, session, [0x3B, 0x00], Atr.Parse([0x3B, 0x00]), ActorRefs.Nobody);
}
