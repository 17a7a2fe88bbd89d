using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.Interop.Linux;

/// <summary>
/// libpcsclite.so.1 entry points. LONG and DWORD are C <c>long</c>/<c>unsigned long</c> (CLong/CULong: 8 bytes
/// on LP64); SCARDCONTEXT and SCARDHANDLE are LONG, which is pointer-sized on Linux, hence <see cref="nint"/>.
/// Strings are UTF-8 and passed as pre-encoded, NUL-terminated buffers.
/// </summary>
internal static unsafe partial class PcscLiteNativeMethods
{
    private const string Lib = PcscNativeLibrary.LogicalName;

    [LibraryImport(Lib)]
    public static partial CLong SCardEstablishContext(CULong dwScope, nint pvReserved1, nint pvReserved2, nint* phContext);

    [LibraryImport(Lib)]
    public static partial CLong SCardReleaseContext(nint hContext);

    [LibraryImport(Lib)]
    public static partial CLong SCardIsValidContext(nint hContext);

    [LibraryImport(Lib)]
    public static partial CLong SCardListReaders(nint hContext, byte* mszGroups, byte* mszReaders, CULong* pcchReaders);

    [LibraryImport(Lib)]
    public static partial CLong SCardListReaderGroups(nint hContext, byte* mszGroups, CULong* pcchGroups);

    [LibraryImport(Lib)]
    public static partial CLong SCardGetStatusChange(nint hContext, CULong dwTimeout, SCARD_READERSTATE* rgReaderStates,
        CULong cReaders);

    [LibraryImport(Lib)]
    public static partial CLong SCardCancel(nint hContext);

    [LibraryImport(Lib)]
    public static partial CLong SCardConnect(nint hContext, byte* szReader, CULong dwShareMode,
        CULong dwPreferredProtocols, nint* phCard, CULong* pdwActiveProtocol);

    [LibraryImport(Lib)]
    public static partial CLong SCardReconnect(nint hCard, CULong dwShareMode, CULong dwPreferredProtocols,
        CULong dwInitialization, CULong* pdwActiveProtocol);

    [LibraryImport(Lib)]
    public static partial CLong SCardDisconnect(nint hCard, CULong dwDisposition);

    [LibraryImport(Lib)]
    public static partial CLong SCardBeginTransaction(nint hCard);

    [LibraryImport(Lib)]
    public static partial CLong SCardEndTransaction(nint hCard, CULong dwDisposition);

    [LibraryImport(Lib)]
    public static partial CLong SCardStatus(nint hCard, byte* szReaderName, CULong* pcchReaderLen, CULong* pdwState,
        CULong* pdwProtocol, byte* pbAtr, CULong* pcbAtrLen);

    [LibraryImport(Lib)]
    public static partial CLong SCardTransmit(nint hCard, nint pioSendPci, byte* pbSendBuffer, CULong cbSendLength,
        nint pioRecvPci, byte* pbRecvBuffer, CULong* pcbRecvLength);

    [LibraryImport(Lib)]
    public static partial CLong SCardControl(nint hCard, CULong dwControlCode, byte* pbSendBuffer, CULong cbSendLength,
        byte* pbRecvBuffer, CULong cbRecvLength, CULong* lpBytesReturned);

    [LibraryImport(Lib)]
    public static partial CLong SCardGetAttrib(nint hCard, CULong dwAttrId, byte* pbAttr, CULong* pcbAttrLen);

    [LibraryImport(Lib)]
    public static partial CLong SCardSetAttrib(nint hCard, CULong dwAttrId, byte* pbAttr, CULong cbAttrLen);
}
