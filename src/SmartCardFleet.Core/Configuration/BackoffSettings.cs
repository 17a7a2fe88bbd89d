namespace SmartCardFleet.Core.Configuration;

/// <summary>Exponential backoff with jitter: delay n = min(Min × 2ⁿ, Max) × (1 + random × RandomFactor).
/// The random factor is never zero so many readers (or many stations) do not hit the shared service at once.</summary>
public sealed record BackoffSettings(TimeSpan Min, TimeSpan Max, double RandomFactor, int MaxRetries)
{
    /// <summary>Reader actor restarts after a crash: 1 s doubling to 30 s, 20 % jitter, 10 tries, reset after 30 s of calm.</summary>
    public static readonly BackoffSettings ReaderRestartDefault = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, 10);

    /// <summary>Re-establishing the PC/SC service: 1 s × 2ⁿ capped at 30 s (Yubico's numbers), retrying forever.</summary>
    public static readonly BackoffSettings ServiceRecoveryDefault = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, -1);

    /// <summary>Delay before attempt <paramref name="attempt"/> (0-based); <paramref name="random"/> in [0, 1).</summary>
    public TimeSpan DelayFor(int attempt, double random)
    {
        var exponent = Math.Min(attempt, 30);
        var raw = Math.Min(Min.TotalMilliseconds * Math.Pow(2, exponent), Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(raw * (1 + (random * RandomFactor)));
    }

    /// <summary>Throws when the numbers cannot work; called by the settings' Validate.</summary>
    public void Validate(string name)
    {
        if (Min <= TimeSpan.Zero || Max < Min)
        {
            throw new ArgumentException($"{name}: need 0 < Min <= Max (got {Min}, {Max}).");
        }

        if (RandomFactor is <= 0 or > 1)
        {
            throw new ArgumentException($"{name}: RandomFactor must be in (0, 1] so restarts spread out (got {RandomFactor}).");
        }
    }
}
