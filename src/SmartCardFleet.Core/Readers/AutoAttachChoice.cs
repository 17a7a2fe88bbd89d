namespace SmartCardFleet.Core.Readers;

/// <summary>
/// A client's <see cref="SetAutoAttach"/> choice for one reader, held outside the actor: the BackoffSupervisor
/// re-creates a crashed actor from the same Props (so the same cell), and after service recovery the manager hands
/// the cell it kept to the new actor. Without it a crash or a pcscd restart silently turned auto-attach back on.
/// Written by the actor (or by the manager while the actor is blocked), read by the actor: a volatile int.
/// </summary>
public sealed class AutoAttachChoice
{
    private const int NotChosen = 0;
    private const int Off = 1;
    private const int On = 2;

    private int _value;

    /// <summary>The choice, or null while nobody sent SetAutoAttach (the settings' default applies).</summary>
    public bool? Value
    {
        get => Volatile.Read(ref _value) switch
        {
            Off => false,
            On => true,
            _ => null,
        };
        set => Volatile.Write(ref _value, value switch
        {
            null => NotChosen,
            false => Off,
            true => On,
        });
    }
}
