using System.Collections.Concurrent;

namespace SmartCardFleet.VirtualCards.Faults;

/// <summary>
/// Faults a virtual card plays, honoured by both transports (vpcd client and simulated PC/SC) through
/// <see cref="CardExchange"/>. Every setter is thread-safe so a test thread can arm a fault while the card is in use.
/// </summary>
public sealed class CardFaults
{
    private readonly ConcurrentDictionary<byte, TimeSpan> _longCommands = new();
    private long _latencyTicks;
    private int _mute;
    private int _removeDuringNextCommand;
    private int _corruptRemaining;
    private int _corruptStatusWord = 0x6F00;

    /// <summary>Added before every command is answered.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _latencyTicks, value.Ticks);
        }
    }

    /// <summary>The card gives no ATR: vpcd gets an empty ATR, the simulated PC/SC reports Mute and
    /// UnresponsiveCard. The simulated PC/SC reads this when the card is inserted and on connect.</summary>
    public bool Mute
    {
        get => Volatile.Read(ref _mute) != 0;
        set => Volatile.Write(ref _mute, value ? 1 : 0);
    }

    /// <summary>True while a removal is armed and no command has consumed it yet.</summary>
    public bool IsRemovalArmed => Volatile.Read(ref _removeDuringNextCommand) != 0;

    /// <summary>Raised by <see cref="RequestReset"/>; transports reset the card (the simulated PC/SC flags every
    /// handle with ResetCard, as if another process had reset it).</summary>
    public event EventHandler? ResetRequested;

    /// <summary>Commands with this INS take <paramref name="duration"/> (on top of <see cref="Latency"/>).</summary>
    public void SetLongCommand(byte ins, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        _longCommands[ins] = duration;
    }

    public void ClearLongCommand(byte ins) => _longCommands.TryRemove(ins, out _);

    /// <summary>The card is pulled while the next command is in flight: it is never answered.</summary>
    public void RemoveDuringNextCommand() => Volatile.Write(ref _removeDuringNextCommand, 1);

    /// <summary>The next <paramref name="count"/> responses carry <paramref name="statusWord"/> instead of their own.</summary>
    public void CorruptNextResponses(int count = 1, ushort statusWord = 0x6F00)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Volatile.Write(ref _corruptStatusWord, statusWord);
        Volatile.Write(ref _corruptRemaining, count);
    }

    /// <summary>Asks the transport to reset the card now.</summary>
    public void RequestReset() => ResetRequested?.Invoke(this, EventArgs.Empty);

    /// <summary>Disarms every fault (events stay subscribed).</summary>
    public void Clear()
    {
        Latency = TimeSpan.Zero;
        Mute = false;
        _longCommands.Clear();
        Volatile.Write(ref _removeDuringNextCommand, 0);
        Volatile.Write(ref _corruptRemaining, 0);
    }

    /// <summary>Consumes the one-shot faults for one command.</summary>
    internal CommandPlan PlanCommand(byte ins)
    {
        var delay = Latency + (_longCommands.TryGetValue(ins, out var extra) ? extra : TimeSpan.Zero);
        bool remove = Interlocked.Exchange(ref _removeDuringNextCommand, 0) != 0;
        ushort? corrupt = null;
        if (!remove && TryTakeOne(ref _corruptRemaining))
        {
            corrupt = (ushort)Volatile.Read(ref _corruptStatusWord);
        }

        return new CommandPlan(delay, remove, corrupt);
    }

    private static bool TryTakeOne(ref int counter)
    {
        while (true)
        {
            int current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}

/// <summary>What the faults do to one command.</summary>
internal readonly record struct CommandPlan(TimeSpan Delay, bool RemoveBeforeAnswer, ushort? CorruptStatusWord);
