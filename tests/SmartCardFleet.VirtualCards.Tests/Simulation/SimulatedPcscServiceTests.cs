using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Simulation;

namespace SmartCardFleet.VirtualCards.Tests.Simulation;

public class SimulatedPcscServiceTests : SimulatedPcscTestBase
{
    [Fact]
    public void Name_is_simulated_and_lists_the_added_readers_in_order()
    {
        Pcsc.AddReader("Second");
        var context = NewContext();

        Assert.Equal(PcscError.Success, Pcsc.ListReaders(context, null, out var readers));

        Assert.Equal("simulated", Pcsc.Name);
        Assert.Equal([ReaderName, "Second"], readers);
    }

    [Fact]
    public void Without_readers_the_list_is_empty_and_successful()
    {
        var pcsc = new SimulatedPcsc();
        Assert.Equal(PcscError.Success, pcsc.EstablishContext(PcscScope.System, out var context));

        Assert.Equal(PcscError.Success, pcsc.ListReaders(context, null, out var readers));
        Assert.Empty(readers);
    }

    [Fact]
    public void After_StopService_old_contexts_answer_NoService_but_IsValidContext_still_says_Success()
    {
        Reader.Insert(Card);
        var context = NewContext();
        var card = Connect(context);

        Pcsc.StopService();

        Assert.Equal(PcscError.NoService, Pcsc.ListReaders(context, null, out _));
        Assert.Equal(PcscError.NoService, Send(card, "00A4000C023F00").Error);
        Assert.Equal(PcscError.Success, Pcsc.IsValidContext(context));
        Assert.Equal(PcscError.NoService, Pcsc.EstablishContext(PcscScope.User, out _));
        Assert.False(Pcsc.IsServiceRunning);
    }

    [Fact]
    public void After_StartService_new_contexts_work_and_old_ones_stay_dead()
    {
        var old = NewContext();
        Pcsc.StopService();
        Pcsc.StartService();

        var fresh = NewContext();

        Assert.Equal(PcscError.NoService, Pcsc.ListReaders(old, null, out _));
        Assert.Equal(PcscError.Success, Pcsc.ListReaders(fresh, null, out _));
    }

    [Fact]
    public void Every_EstablishContext_attempt_is_counted_even_when_it_fails()
    {
        Pcsc.StopService();

        Pcsc.EstablishContext(PcscScope.User, out _);
        Pcsc.EstablishContext(PcscScope.User, out _);

        Assert.Equal(2, Pcsc.EstablishContextAttempts);
    }

    [Fact]
    public void Released_contexts_and_their_handles_bring_the_leak_counters_back_to_zero()
    {
        Reader.Insert(Card);
        var first = NewContext();
        var second = NewContext();
        var card = Connect(first);
        Connect(second);
        Assert.Equal(2, Pcsc.OpenContextCount);
        Assert.Equal(2, Pcsc.OpenCardHandleCount);

        Assert.Equal(PcscError.Success, Pcsc.Disconnect(card, CardDisposition.Leave));
        Assert.Equal(PcscError.Success, Pcsc.ReleaseContext(first));
        Assert.Equal(PcscError.Success, Pcsc.ReleaseContext(second));

        Assert.Equal(0, Pcsc.OpenContextCount);
        Assert.Equal(0, Pcsc.OpenCardHandleCount);
        Assert.Equal(ReaderStateFlags.Present, Snapshot(NewContext()).EventFlags & ~ReaderStateFlags.Changed);
    }

    [Fact]
    public void A_dead_context_stays_counted_until_released_and_its_release_answers_NoService()
    {
        Reader.Insert(Card);
        var context = NewContext();
        var card = Connect(context);
        Pcsc.StopService();

        Assert.Equal(PcscError.NoService, Pcsc.Disconnect(card, CardDisposition.Leave));
        Assert.Equal(1, Pcsc.OpenCardHandleCount);
        Assert.Equal(PcscError.NoService, Pcsc.ReleaseContext(context));

        Assert.Equal(0, Pcsc.OpenContextCount);
        Assert.Equal(0, Pcsc.OpenCardHandleCount);
    }

    [Fact]
    public void Unknown_context_and_handle_values_are_InvalidHandle()
    {
        Assert.Equal(PcscError.InvalidHandle, Pcsc.IsValidContext(12345));
        Assert.Equal(PcscError.InvalidHandle, Pcsc.ReleaseContext(12345));
        Assert.Equal(PcscError.InvalidHandle, Pcsc.Disconnect(12345, CardDisposition.Leave));
        Assert.Equal(PcscError.InvalidHandle, Pcsc.Status(12345, out _));
    }

    [Fact]
    public void The_context_cap_answers_NoMemory()
    {
        var pcsc = new SimulatedPcsc(new SimulatedPcscOptions { MaxContexts = 1 });
        Assert.Equal(PcscError.Success, pcsc.EstablishContext(PcscScope.User, out _));

        Assert.Equal(PcscError.NoMemory, pcsc.EstablishContext(PcscScope.User, out _));
    }

    [Fact]
    public void Starting_with_the_service_down_refuses_contexts()
    {
        var pcsc = new SimulatedPcsc(new SimulatedPcscOptions { ServiceRunning = false });

        Assert.Equal(PcscError.NoService, pcsc.EstablishContext(PcscScope.User, out _));
    }

    [Fact]
    public void Reader_names_are_unique_and_a_missing_reader_is_reported()
    {
        Assert.Throws<InvalidOperationException>(() => Pcsc.AddReader(ReaderName));
        Assert.Throws<KeyNotFoundException>(() => Pcsc.GetReader("nope"));
        Assert.Same(Reader, Pcsc.GetReader(ReaderName));
    }
}
