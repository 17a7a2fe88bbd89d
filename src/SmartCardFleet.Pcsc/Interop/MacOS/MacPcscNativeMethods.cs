using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.Interop.MacOS;

/// <summary>
/// PCSC.framework entry points: LONG/DWORD are 32-bit, SCARDCONTEXT/SCARDHANDLE are int32, strings are UTF-8, and
/// SCardControl is the pcsc-lite 1.3.2 signature exported as <c>SCardControl132</c>.
/// </summary>
internal static unsafe partial class MacPcscNativeMethods
{
    private const string Lib = PcscNativeLibrary.LogicalName;

    [LibraryImport(Lib)]
    public static partial int SCardEstablishContext(uint dwScope, nint pvReserved1, nint pvReserved2, int* phContext);

    [LibraryImport(Lib)]
    public static partial int SCardReleaseContext(int hContext);

    [LibraryImport(Lib)]
    public static partial int SCardIsValidContext(int hContext);

    [LibraryImport(Lib)]
    public static partial int SCardListReaders(int hContext, byte* mszGroups, byte* mszReaders, uint* pcchReaders);

    [LibraryImport(Lib)]
    public static partial int SCardListReaderGroups(int hContext, byte* mszGroups, uint* pcchGroups);

    [LibraryImport(Lib)]
    public static partial int SCardGetStatusChange(int hContext, uint dwTimeout, SCARD_READERSTATE* rgReaderStates,
        uint cReaders);

    [LibraryImport(Lib)]
    public static partial int SCardCancel(int hContext);

    [LibraryImport(Lib)]
    public static partial int SCardConnect(int hContext, byte* szReader, uint dwShareMode, uint dwPreferredProtocols,
        int* phCard, uint* pdwActiveProtocol);

    [LibraryImport(Lib)]
    public static partial int SCardReconnect(int hCard, uint dwShareMode, uint dwPreferredProtocols,
        uint dwInitialization, uint* pdwActiveProtocol);

    [LibraryImport(Lib)]
    public static partial int SCardDisconnect(int hCard, uint dwDisposition);

    [LibraryImport(Lib)]
    public static partial int SCardBeginTransaction(int hCard);

    [LibraryImport(Lib)]
    public static partial int SCardEndTransaction(int hCard, uint dwDisposition);

    [LibraryImport(Lib)]
    public static partial int SCardStatus(int hCard, byte* szReaderName, uint* pcchReaderLen, uint* pdwState,
        uint* pdwProtocol, byte* pbAtr, uint* pcbAtrLen);

    [LibraryImport(Lib)]
    public static partial int SCardTransmit(int hCard, nint pioSendPci, byte* pbSendBuffer, uint cbSendLength,
        nint pioRecvPci, byte* pbRecvBuffer, uint* pcbRecvLength);

    [LibraryImport(Lib, EntryPoint = "SCardControl132")]
    public static partial int SCardControl(int hCard, uint dwControlCode, byte* pbSendBuffer, uint cbSendLength,
        byte* pbRecvBuffer, uint cbRecvLength, uint* lpBytesReturned);

    [LibraryImport(Lib)]
    public static partial int SCardGetAttrib(int hCard, uint dwAttrId, byte* pbAttr, uint* pcbAttrLen);

    [LibraryImport(Lib)]
    public static partial int SCardSetAttrib(int hCard, uint dwAttrId, byte* pbAttr, uint cbAttrLen);
}
