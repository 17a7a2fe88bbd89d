namespace SmartCardFleet.Core.Readers;

/// <summary>Identifies one attachment of a card (one card handle's life). Replaces the seed's raw handle
/// (get_CardHandle): clients never see PC/SC handles.</summary>
public readonly record struct SessionId(Guid Value)
{
    public static SessionId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("N")[..12];
}

/// <summary>Identifies one transaction lease on a reader. Requests carrying it run inside the transaction; the holder
/// is identified by this id, not by the sender, because HTTP callers Ask with temporary senders.</summary>
public readonly record struct TransactionId(Guid Value)
{
    public static TransactionId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("N")[..12];
}
