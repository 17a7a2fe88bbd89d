using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Core.Readers;

/// <summary>
/// Remembers whether a caller raised the attached card's security state: a command the SDK's
/// <see cref="ApduRedactor"/> treats as secret-bearing (VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER) was answered
/// 9000. The reader actor asks it when a transaction ends or a lone Transmit was answered, and resets the card while it
/// says <see cref="Raised"/>, so the next caller does not inherit a verified PIN (docs/security.md). A plain object owned
/// by one actor: no locking.
/// </summary>
internal sealed class SecurityStateGuard(bool enabled)
{
    private const ushort Success = 0x9000;

    /// <summary>A PIN or key was presented successfully since the last reset (always false when the policy is off).</summary>
    public bool Raised { get; private set; }

    /// <summary>Called with every command the card answered.</summary>
    public void Observe(ReadOnlySpan<byte> command, ushort statusWord)
    {
        if (enabled && statusWord == Success && command.Length >= 4 && ApduRedactor.IsSensitiveInstruction(command[1]))
        {
            Raised = true;
        }
    }

    /// <summary>The card was reset or left: nothing is raised any more.</summary>
    public void Forget() => Raised = false;
}
