using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.SafeHandles;

/// <summary>
/// Owns one SCARDHANDLE. The disposition used by SCardDisconnect is read when the handle is released, so the owner
/// can choose it at dispose time; disconnect runs exactly once.
/// </summary>
internal sealed class CardHandle : SafeHandle
{
    private readonly IPcscApi _api;
    private int _disposition = (int)CardDisposition.Leave;

    public CardHandle(IPcscApi api, nint card)
        : base(0, ownsHandle: true)
    {
        _api = api;
        SetHandle(card);
    }

    public override bool IsInvalid => false;

    public CardDisposition Disposition
    {
        get => (CardDisposition)Volatile.Read(ref _disposition);
        set => Volatile.Write(ref _disposition, (int)value);
    }

    /// <summary>What SCardDisconnect returned, once it ran.</summary>
    public PcscError? ReleaseResult { get; private set; }

    protected override bool ReleaseHandle()
    {
        ReleaseResult = _api.Disconnect(handle, Disposition);
        return true;
    }
}
