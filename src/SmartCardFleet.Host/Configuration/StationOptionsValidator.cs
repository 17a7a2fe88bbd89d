using Microsoft.Extensions.Options;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Host.Configuration;

/// <summary>Checks the Station section at start; every message names the key to fix.</summary>
public sealed class StationOptionsValidator : IValidateOptions<StationOptions>
{
    public static readonly TimeSpan MaxOperationTimeout = TimeSpan.FromSeconds(27);

    public ValidateOptionsResult Validate(string? name, StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = StationOptions.SectionName;
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

        const CardProtocol known = CardProtocol.T0 | CardProtocol.T1 | CardProtocol.Raw | CardProtocol.T15;
        if ((readers.Protocols & ~known) != 0 || (readers.Protocols == CardProtocol.Undefined && readers.ShareMode != ShareMode.Direct))
        {
            errors.Add($"{r}:Protocols must combine T0, T1, Raw, T15 (e.g. \"T0, T1\"); Undefined only with ShareMode Direct.");
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
            RequireText(readers.PerReader[i].Match, $"{r}:PerReader:{i}:Match", errors);
        }
    }

    private static void ValidatePlugins(PluginOptions plugins, List<string> errors)
    {
        const string p = $"{StationOptions.SectionName}:Plugins";
        RequireText(plugins.Directory, $"{p}:Directory", errors);
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
