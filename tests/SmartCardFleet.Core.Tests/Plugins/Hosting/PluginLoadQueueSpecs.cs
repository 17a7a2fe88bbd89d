using Akka.Actor;
using Akka.TestKit.Xunit2;
using SmartCardFleet.Core.Plugins.Hosting;

namespace SmartCardFleet.Core.Tests.Plugins.Hosting;

/// <summary>Loads run one at a time off the host actor: what waits, what a full reload takes in, who is told.</summary>
public sealed class PluginLoadQueueSpecs : TestKit
{
    private readonly PluginLoadQueue _queue = new();

    [Fact]
    public void A_load_asked_for_while_one_runs_waits_and_starts_when_that_one_is_applied()
    {
        Assert.Equal(PluginLoadRequest.Start, _queue.Add(PluginLoadRequest.Start, null));
        Assert.Null(_queue.Add(PluginLoadRequest.OneFolder("Uid"), null));

        var (told, next) = _queue.Done();

        Assert.Empty(told);
        Assert.Equal(PluginLoadRequest.OneFolder("Uid"), next);
        Assert.Null(_queue.Done().Next);
    }

    [Fact]
    public void A_full_reload_takes_in_the_folder_loads_waiting_with_it_and_tells_everyone_who_asked_for_them_once_applied()
    {
        var first = CreateTestProbe().Ref;
        var second = CreateTestProbe().Ref;
        _queue.Add(PluginLoadRequest.OneFolder("Ndef"), null);
        _queue.Add(PluginLoadRequest.OneFolder("Uid"), first);
        _queue.Add(PluginLoadRequest.Everything, null);
        _queue.Add(PluginLoadRequest.OneFolder("OpenPgp"), null);
        _queue.Add(PluginLoadRequest.OneFolder("Uid"), second);

        var (toldAfterNdef, next) = _queue.Done();
        var (toldAfterAll, last) = _queue.Done();

        Assert.Empty(toldAfterNdef);
        Assert.Equal(PluginLoadRequest.Everything, next);
        Assert.Equal([first, second], toldAfterAll);
        Assert.Null(last);
    }

    [Fact]
    public void One_plugins_reload_asked_for_while_a_load_runs_tells_everyone_who_asked_for_that_folder_once_it_is_applied()
    {
        var first = CreateTestProbe().Ref;
        var second = CreateTestProbe().Ref;
        var other = CreateTestProbe().Ref;
        _queue.Add(PluginLoadRequest.Start, null);
        _queue.Add(PluginLoadRequest.OneFolder("Uid"), first);
        _queue.Add(PluginLoadRequest.OneFolder("Ndef"), other);
        _queue.Add(PluginLoadRequest.OneFolder("Uid"), second);

        var (toldAfterStart, uid) = _queue.Done();
        var (toldAfterUid, ndef) = _queue.Done();
        var (toldAfterNdef, last) = _queue.Done();

        Assert.Empty(toldAfterStart);
        Assert.Equal(PluginLoadRequest.OneFolder("Uid"), uid);
        Assert.Equal([first, second], toldAfterUid);
        Assert.Equal(PluginLoadRequest.OneFolder("Ndef"), ndef);
        Assert.Equal([other], toldAfterNdef);
        Assert.Null(last);
    }
}
