using System.Runtime.InteropServices;

namespace SmartCardFleet.Pcsc.SafeHandles;

/// <summary>Holds a SafeHandle's reference for the duration of one native call, so a concurrent Dispose cannot
/// release the context or card handle underneath it (the release then happens when the call returns).</summary>
internal readonly ref struct HandleLease
{
    private readonly SafeHandle _handle;

    public HandleLease(SafeHandle handle)
    {
        _handle = handle;
        var added = false;
        // Throws ObjectDisposedException once the handle is closed: using a disposed wrapper is a caller bug.
        handle.DangerousAddRef(ref added);
        Value = handle.DangerousGetHandle();
    }

    public nint Value { get; }

    public void Dispose() => _handle.DangerousRelease();
}
