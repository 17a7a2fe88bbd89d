using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.SafeHandles;

/// <summary>
/// Owns one SCARDCONTEXT of an <see cref="IPcscApi"/>. SafeHandle gives release-exactly-once even when Dispose races
/// the finalizer, and its reference count keeps the context alive while a call on another thread still uses it.
/// </summary>
internal sealed class PcscContextHandle : SafeHandle
{
    private readonly IPcscApi _api;

    public PcscContextHandle(IPcscApi api, nint context)
        : base(0, ownsHandle: true)
    {
        _api = api;
        SetHandle(context);
    }

    /// <summary>Every value the API issued is valid (the simulated PC/SC may issue 0).</summary>
    public override bool IsInvalid => false;

    /// <summary>What SCardReleaseContext returned, once it ran.</summary>
    public PcscError? ReleaseResult { get; private set; }

    protected override bool ReleaseHandle()
    {
        // Never throw here: this may run on the finalizer thread (pcsc-sharp#37 crashed processes that way).
        ReleaseResult = _api.ReleaseContext(handle);
        return true;
    }
}
