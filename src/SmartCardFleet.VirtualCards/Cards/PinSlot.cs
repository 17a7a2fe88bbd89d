namespace SmartCardFleet.VirtualCards.Cards;

/// <summary>
/// A PIN with a retry counter. The value and the counter are persistent; the verified flag is volatile and is
/// dropped by a reset. Callers hold the card lock.
/// </summary>
public sealed class PinSlot
{
    private byte[] _value;

    public PinSlot(ReadOnlySpan<byte> value, int maxTries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTries, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxTries, 15);
        _value = value.ToArray();
        MaxTries = maxTries;
        TriesLeft = maxTries;
    }

    public int MaxTries { get; }
    public int TriesLeft { get; private set; }
    public bool IsVerified { get; private set; }
    public bool IsBlocked => TriesLeft == 0;

    /// <summary>VERIFY: an empty body queries (9000 if verified, else 63Cx); a wrong PIN costs a try.</summary>
    public ushort Verify(ReadOnlySpan<byte> candidate)
    {
        if (IsBlocked)
        {
            return StatusWords.AuthenticationMethodBlocked;
        }

        if (candidate.IsEmpty)
        {
            return IsVerified ? StatusWords.Success : StatusWords.TriesLeft(TriesLeft);
        }

        if (candidate.SequenceEqual(_value))
        {
            TriesLeft = MaxTries;
            IsVerified = true;
            return StatusWords.Success;
        }

        IsVerified = false;
        TriesLeft--;
        return IsBlocked ? StatusWords.AuthenticationMethodBlocked : StatusWords.TriesLeft(TriesLeft);
    }

    /// <summary>Drops the verified status (reset, or VERIFY with P1 FF).</summary>
    public void ClearVerified() => IsVerified = false;

    /// <summary>Sets a new value and unblocks (personalisation, RESET RETRY COUNTER).</summary>
    public void Replace(ReadOnlySpan<byte> value)
    {
        _value = value.ToArray();
        TriesLeft = MaxTries;
    }
}
