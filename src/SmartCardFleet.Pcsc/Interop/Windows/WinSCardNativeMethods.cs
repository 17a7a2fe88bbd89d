using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.Interop.Windows;

/// <summary>
/// winscard.dll entry points: LONG and DWORD are 32-bit, SCARDCONTEXT/SCARDHANDLE are ULONG_PTR, and every call
/// that takes or returns a string uses its W (UTF-16) form.
/// </summary>
internal static unsafe partial class WinSCardNativeMethods
{
    private const string Lib = PcscNativeLibrary.LogicalName;

    [LibraryImport(Lib)]
    public static partial int SCardEstablishContext(uint dwScope, nint pvReserved1, nint pvReserved2, nint* phContext);

    [LibraryImport(Lib)]
    public static partial int SCardReleaseContext(nint hContext);

    [LibraryImport(Lib)]
    public static partial int SCardIsValidContext(nint hContext);

    [LibraryImport(Lib, EntryPoint = "SCardListReadersW")]
    public static partial int SCardListReaders(nint hContext, char* mszGroups, char* mszReaders, uint* pcchReaders);

    [LibraryImport(Lib, EntryPoint = "SCardListReaderGroupsW")]
    public static partial int SCardListReaderGroups(nint hContext, char* mszGroups, uint* pcchGroups);

    [LibraryImport(Lib, EntryPoint = "SCardGetStatusChangeW")]
    public static partial int SCardGetStatusChange(nint hContext, uint dwTimeout, SCARD_READERSTATE* rgReaderStates,
        uint cReaders);

    [LibraryImport(Lib)]
    public static partial int SCardCancel(nint hContext);

    [LibraryImport(Lib, EntryPoint = "SCardConnectW")]
    public static partial int SCardConnect(nint hContext, char* szReader, uint dwShareMode, uint dwPreferredProtocols,
        nint* phCard, uint* pdwActiveProtocol);

    [LibraryImport(Lib)]
    public static partial int SCardReconnect(nint hCard, uint dwShareMode, uint dwPreferredProtocols,
        uint dwInitialization, uint* pdwActiveProtocol);

    [LibraryImport(Lib)]
    public static partial int SCardDisconnect(nint hCard, uint dwDisposition);

    [LibraryImport(Lib)]
    public static partial int SCardBeginTransaction(nint hCard);

    [LibraryImport(Lib)]
    public static partial int SCardEndTransaction(nint hCard, uint dwDisposition);

    [LibraryImport(Lib, EntryPoint = "SCardStatusW")]
    public static partial int SCardStatus(nint hCard, char* szReaderName, uint* pcchReaderLen, uint* pdwState,
        uint* pdwProtocol, byte* pbAtr, uint* pcbAtrLen);

    [LibraryImport(Lib)]
    public static partial int SCardTransmit(nint hCard, nint pioSendPci, byte* pbSendBuffer, uint cbSendLength,
        nint pioRecvPci, byte* pbRecvBuffer, uint* pcbRecvLength);

    [LibraryImport(Lib)]
    public static partial int SCardControl(nint hCard, uint dwControlCode, byte* lpInBuffer, uint cbInBufferSize,
        byte* lpOutBuffer, uint cbOutBufferSize, uint* lpBytesReturned);

    [LibraryImport(Lib)]
    public static partial int SCardGetAttrib(nint hCard, uint dwAttrId, byte* pbAttr, uint* pcbAttrLen);

    [LibraryImport(Lib)]
    public static partial int SCardSetAttrib(nint hCard, uint dwAttrId, byte* pbAttr, uint cbAttrLen);
}
