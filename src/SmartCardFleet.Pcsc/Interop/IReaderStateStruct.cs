namespace SmartCardFleet.Pcsc.Interop;

/// <summary>
/// A platform's SCARD_READERSTATE as the one SCardGetStatusChange marshaller of <see cref="NativePcscApi{TReaderState}"/>
/// sees it. The platforms differ in field widths, packing, ATR size and the encoding of <c>szReader</c>, never in
/// what the fields mean, so these accessors are all the marshaller needs.
/// </summary>
internal interface IReaderStateStruct<TSelf>
    where TSelf : unmanaged, IReaderStateStruct<TSelf>
{
    /// <summary>Size of <c>rgbAtr</c>; also the ATR buffer the platform's SCardStatus is first given.</summary>
    static abstract int AtrCapacity { get; }

    /// <summary>Copies a reader name to native memory in the encoding <c>szReader</c> expects; the caller frees it
    /// with <see cref="System.Runtime.InteropServices.Marshal.FreeCoTaskMem"/>.</summary>
    static abstract nint AllocateReaderName(string readerName);

    /// <summary>An entry for one reader: <c>szReader</c> and <c>dwCurrentState</c> set, everything else zero.</summary>
    static abstract TSelf Create(nint readerName, uint currentState);

    /// <summary><c>dwEventState</c> (flags and event counter).</summary>
    static abstract uint GetEventState(in TSelf state);

    /// <summary><c>cbAtr</c> as the library wrote it, not yet bounded by the buffer.</summary>
    static abstract nuint GetAtrLength(in TSelf state);

    /// <summary>The whole <c>rgbAtr</c> buffer of <paramref name="state"/>.</summary>
    static abstract Span<byte> GetAtrBuffer(ref TSelf state);
}
