using System.Globalization;

namespace SmartCardFleet.Benchmarks.Soak;

/// <summary>
/// What one soak run does, derived from its duration and seed: how many clients, how often pcscd is killed and the
/// plugins reloaded, and the limits its invariants check. The seed drives every random choice of the storm and the
/// clients, so a failing run can be replayed with <c>--soak &lt;same duration&gt; --seed &lt;seed&gt;</c> (the
/// interleaving with the machine's timing still differs; the sequence of actions does not).
/// </summary>
internal sealed record SoakPlan(TimeSpan Duration, int Seed)
{
    /// <summary>HTTP clients transmitting, running /transaction batches and plugin operations at once.</summary>
    public int Clients { get; init; } = 4;

    /// <summary>Station:OperationTimeout for the soak: the station answers 504 by then at the latest.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A request not answered by OperationTimeout + this margin counts as unanswered (the client gives up).</summary>
    public TimeSpan AnswerMargin { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan AnswerDeadline => OperationTimeout + AnswerMargin;

    /// <summary>Every card present when the storm ends must be attached and identified this soon.</summary>
    public TimeSpan IdentifiedWithin { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a recovery is followed before it counts as stuck (figures beyond the 2 s rule).</summary>
    public TimeSpan RecoveryLimit { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>vpcd readers are polled by pcscd about every 0.4 s: a card put into a slot sooner after the last one
    /// left can be missed by pcscd (docs/test-fleet.md), which would be the fleet's fault, not the station's.</summary>
    public TimeSpan RefillDelay { get; init; } = TimeSpan.FromSeconds(1.5);

    private bool Short => Duration < TimeSpan.FromMinutes(2);

    /// <summary>About one kill -9 of pcscd every 75 s, at least one.</summary>
    public int PcscdKills => Math.Max(1, (int)Math.Round(Duration / TimeSpan.FromSeconds(75)));

    /// <summary>About one plugin folder re-copied every 20 s, at least two.</summary>
    public int PluginReloads => Math.Max(2, (int)(Duration / TimeSpan.FromSeconds(20)));

    /// <summary>Traffic before the baseline is taken, so JIT and pools are warm on both sides of the comparison.</summary>
    public TimeSpan WarmUp => Short ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10);

    /// <summary>The longest wait at the end for thread and descriptor counts to come back to the baseline.</summary>
    public TimeSpan SettleLimit => Short ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(60);

    public TimeSpan SampleInterval => Short ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(10);

    /// <summary>A bound on each client's loop besides the clock (far above what 2 cores can send).</summary>
    public long MaxRequestsPerClient => (long)(Duration.TotalSeconds * 2_000);

    /// <summary>Growth allowed between the settled start and end counts before it counts as a leak.</summary>
    public int ThreadSlack { get; init; } = 8;

    public int DescriptorSlack { get; init; } = 8;

    public long ManagedSlackBytes { get; init; } = 24L << 20;

    /// <summary>"45s", "10m", "1h" or plain seconds; 10 s to 24 h.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hasUnit = text.Length > 0 && char.IsLetter(text[^1]);
        var unit = hasUnit ? text[^1] : 's';
        var number = hasUnit ? text[..^1] : text;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new ArgumentException($"--soak takes a duration such as 45s, 10m or 1h (got \"{text}\")");
        }

        var duration = unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => throw new ArgumentException($"--soak: unknown unit '{unit}' in \"{text}\"; use s, m or h"),
        };
        return duration >= TimeSpan.FromSeconds(10) && duration <= TimeSpan.FromHours(24)
            ? duration
            : throw new ArgumentException($"--soak must be between 10s and 24h (got {text})");
    }
}
