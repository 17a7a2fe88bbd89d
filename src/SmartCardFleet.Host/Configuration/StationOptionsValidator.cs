using Microsoft.Extensions.Options;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Host.Configuration;

/// <summary>Checks the Station section at start; every message names the key to fix.</summary>
public sealed class StationOptionsValidator : IValidateOptions<StationOptions>
{
    public static readonly TimeSpan MaxOperationTimeout = TimeSpan.FromSeconds(27);

    /// <summary>Past this, a client waits longer to learn why nothing happens than any HTTP request may take.</summary>
    public static readonly TimeSpan MaxForeignLockThreshold = TimeSpan.FromSeconds(60);

    /// <summary>A station that tries again less than every 10 minutes looks dead to its operator.</summary>
    public static readonly TimeSpan MaxServiceRecoveryDelay = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = StationOptions.SectionName;
        if (StationIdentity.Problem(options.Name) is { } nameProblem)
        {
            errors.Add(nameProblem);
        }

        // A plugin operation runs inside a reader transaction whose lease (timeout + 3 s margin) may not pass the
        // readers' 30 s MaxTransactionHold.
        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout > MaxOperationTimeout)
        {
            errors.Add($"{s}:OperationTimeout must be more than 00:00:00 and at most {MaxOperationTimeout:c} (got {options.OperationTimeout}).");
        }

        if (options.Simulate && options.Simulation.Readers is < 1 or > 10_000)
        {
            errors.Add($"{s}:Simulation:Readers must be 1..10000 (got {options.Simulation.Readers}).");
        }

        if (options.Simulation.ChurnInterval < TimeSpan.Zero)
        {
            errors.Add($"{s}:Simulation:ChurnInterval must not be negative (00:00:00 turns the churn off).");
        }

        if (options.ForeignLockThreshold <= TimeSpan.Zero || options.ForeignLockThreshold > MaxForeignLockThreshold)
        {
            errors.Add($"{s}:ForeignLockThreshold must be more than 00:00:00 and at most {MaxForeignLockThreshold:c} (got {options.ForeignLockThreshold}).");
        }

        var recovery = options.ServiceRecovery;
        if (recovery.MinDelay <= TimeSpan.Zero || recovery.MaxDelay < recovery.MinDelay || recovery.MaxDelay > MaxServiceRecoveryDelay)
        {
            errors.Add($"{s}:ServiceRecovery needs 00:00:00 < MinDelay <= MaxDelay <= {MaxServiceRecoveryDelay:c} " +
                $"(got MinDelay {recovery.MinDelay}, MaxDelay {recovery.MaxDelay}).");
        }

        ValidateReaders(options.Readers, errors);
        ValidatePlugins(options.Plugins, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateReaders(ReaderOptions readers, List<string> errors)
    {
        const string r = $"{StationOptions.SectionName}:Readers";
        if (!Enum.IsDefined(readers.ShareMode))
        {
            errors.Add($"{r}:ShareMode must be Exclusive, Shared or Direct (got {(int)readers.ShareMode}).");
        }

        if (!PreferredProtocols.Valid(readers.Protocols, readers.ShareMode))
        {
            errors.Add($"{r}:Protocols must combine {PreferredProtocols.Rule}, e.g. \"T0, T1\" (got {readers.Protocols}).");
        }

        if (!Enum.IsDefined(readers.DetachDisposition))
        {
            errors.Add($"{r}:DetachDisposition must be Leave, Reset, Unpower or Eject.");
        }

        for (var i = 0; i < readers.Include.Count; i++)
        {
            RequireText(readers.Include[i], $"{r}:Include:{i}", errors);
        }

        for (var i = 0; i < readers.Exclude.Count; i++)
        {
            RequireText(readers.Exclude[i], $"{r}:Exclude:{i}", errors);
        }

        for (var i = 0; i < readers.PerReader.Count; i++)
        {
            var entry = readers.PerReader[i];
            RequireText(entry.Match, $"{r}:PerReader:{i}:Match", errors);
            if (entry.ShareMode is { } mode && !Enum.IsDefined(mode))
            {
                errors.Add($"{r}:PerReader:{i}:ShareMode must be Exclusive, Shared or Direct (got {(int)mode}).");
            }

            var protocols = entry.Protocols ?? readers.Protocols;
            if (!PreferredProtocols.Valid(protocols, entry.ShareMode ?? readers.ShareMode))
            {
                errors.Add($"{r}:PerReader:{i}:Protocols must combine {PreferredProtocols.Rule}, e.g. \"T1\" (got {protocols}).");
            }
        }
    }

    private static void ValidatePlugins(PluginOptions plugins, List<string> errors)
    {
        const string p = $"{StationOptions.SectionName}:Plugins";
        RequireText(plugins.Directory, $"{p}:Directory", errors);
        // Match, the probes and opening the session all run inside one card's identification: a longer deadline for
        // one of them would be cut short by the identification's own, so it is refused here rather than silently capped.
        var identification = Core.Plugins.PluginHostSettings.DefaultIdentificationTimeout;
        if (plugins.MatchTimeout <= TimeSpan.Zero || plugins.MatchTimeout > identification)
        {
            errors.Add($"{p}:MatchTimeout must be more than 00:00:00 and at most the identification timeout {identification:c} (got {plugins.MatchTimeout}).");
        }

        if (plugins.ProbeTimeout <= TimeSpan.Zero || plugins.ProbeTimeout > identification)
        {
            errors.Add($"{p}:ProbeTimeout must be more than 00:00:00 and at most the identification timeout {identification:c} (got {plugins.ProbeTimeout}).");
        }

        if (plugins.LoadTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{p}:LoadTimeout must be more than 00:00:00 (got {plugins.LoadTimeout}).");
        }

        if (plugins.MaxStuckThreadsPerPlugin < 1)
        {
            errors.Add($"{p}:MaxStuckThreadsPerPlugin must be at least 1 (got {plugins.MaxStuckThreadsPerPlugin}).");
        }

        for (var i = 0; i < plugins.AtrOverrides.Count; i++)
        {
            var entry = plugins.AtrOverrides[i];
            var key = $"{p}:AtrOverrides:{i}";
            RequireText(entry.Plugin, $"{key}:Plugin", errors);
            if (!Hex.TryParse(entry.Atr, out var atr) || atr.Length is < 2 or > 33)
            {
                errors.Add($"{key}:Atr must be 2..33 bytes of hex (got \"{entry.Atr}\").");
                continue;
            }

            if (!string.IsNullOrWhiteSpace(entry.Mask) && (!Hex.TryParse(entry.Mask, out var mask) || mask.Length != atr.Length))
            {
                errors.Add($"{key}:Mask must be hex of the ATR's length ({atr.Length} bytes).");
            }
        }
    }

    private static void RequireText(string? value, string key, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{key} must not be empty.");
        }
    }
}
