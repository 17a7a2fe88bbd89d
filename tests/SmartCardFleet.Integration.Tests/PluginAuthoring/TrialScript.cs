using System.Globalization;
using System.Text;

namespace SmartCardFleet.Integration.Tests.PluginAuthoring;

/// <summary>
/// Turns the page's trial steps into one bash script, so `cd`, the shell's jobs (`&amp;`, `kill %1`) and the
/// variables carry from one block to the next exactly as in a person's terminal. Before each step the script prints
/// "@@ready NAME" and waits until the test creates the file NAME in the sync folder (the test checks the station
/// between steps); before each command it prints "@@run K" (K numbers the commands across the page), so the test
/// knows which commands ran. `set -e`: the first failing command ends the script, and "@@exit CODE" says how.
/// </summary>
internal static class TrialScript
{
    public const string ReadyMarker = "@@ready ";
    public const string RunMarker = "@@run ";
    public const string ExitMarker = "@@exit ";
    public const string EndStep = "@@end";

    public static string Build(IReadOnlyList<DocBlock> steps, string syncFolder)
    {
        var script = new StringBuilder();
        script.AppendLine("set -euo pipefail");
        script.AppendLine("trap 'echo \"@@exit $?\"' EXIT");
        script.AppendLine(CultureInfo.InvariantCulture,
            $"await_go() {{ echo \"{ReadyMarker}$1\"; until [ -e {Quote(syncFolder)}/\"$1\" ]; do sleep 0.05; done; }}");
        var number = 0;
        foreach (var step in steps)
        {
            script.AppendLine(CultureInfo.InvariantCulture, $"await_go {Quote(step.Name)}");
            foreach (var command in step.Commands)
            {
                script.AppendLine(CultureInfo.InvariantCulture, $"echo \"{RunMarker}{number++}\"");
                script.AppendLine(command);
            }
        }

        script.AppendLine(CultureInfo.InvariantCulture, $"await_go {Quote(EndStep)}");
        return script.ToString();
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
