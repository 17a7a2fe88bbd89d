using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.Interop;

// SCardGetStatusChange for every platform: the entries go out as the platform's SCARD_READERSTATE array (names in the
// encoding szReader expects) and the event states and ATRs come back into the managed entries.
internal abstract unsafe partial class NativePcscApi<TReaderState>
{
    public PcscError GetStatusChange(nint context, TimeSpan timeout, IReadOnlyList<ReaderStateEntry> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var milliseconds = PcscTimeouts.ToMilliseconds(timeout);
        var native = new TReaderState[states.Count];
        var names = new nint[states.Count];
        try
        {
            for (var i = 0; i < states.Count; i++)
            {
                names[i] = TReaderState.AllocateReaderName(states[i].ReaderName);
                native[i] = TReaderState.Create(names[i], states[i].CurrentState);
            }

            PcscError rc;
            fixed (TReaderState* array = native)
            {
                rc = GetStatusChangeCore(context, milliseconds, array, (uint)native.Length);
            }

            if (rc == PcscError.Success)
            {
                for (var i = 0; i < states.Count; i++)
                {
                    states[i].EventState = TReaderState.GetEventState(in native[i]);
                    states[i].Atr = CopyAtr(ref native[i]);
                }
            }

            return rc;
        }
        finally
        {
            foreach (var name in names)
            {
                Marshal.FreeCoTaskMem(name);
            }
        }
    }

    /// <summary>The ATR the library reported, never more than the struct's buffer holds.</summary>
    private static byte[] CopyAtr(ref TReaderState state)
    {
        var buffer = TReaderState.GetAtrBuffer(ref state);
        var length = (int)Math.Min(TReaderState.GetAtrLength(in state), (nuint)buffer.Length);
        return buffer[..length].ToArray();
    }
}
