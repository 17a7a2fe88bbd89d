using System.Diagnostics;

namespace SmartCardFleet.Integration.Tests.PluginAuthoring;

/// <summary>The trial's runner on small pages of its own: what carries from block to block as in a terminal, that a
/// failing command stops the run and is reported, and that what a page left running is stopped. No fleet needed.</summary>
public sealed class TrialShellTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_working_folder_variables_and_background_jobs_carry_from_one_block_to_the_next()
    {
        using var root = new TrialFolder();
        var steps = Page(
            "```sh first", "mkdir made", "cd made", "sleep 300 &", "```",
            "```sh second", "touch \"here-$READER\"", "kill %1", "```");
        await using var shell = TrialShell.Start(steps, root.Work, root.Control, Environment(("READER", "r1")));

        await RunAllAsync(shell, steps);

        Assert.True(File.Exists(Path.Combine(root.Work, "made", "here-r1")));
        Assert.Equal([0, 1, 2, 3, 4], shell.CommandsRun.Order());
    }

    [Fact]
    public async Task A_failing_command_stops_the_page_and_the_test_is_told_where()
    {
        using var root = new TrialFolder();
        var steps = Page("```sh first", "true", "false", "touch never", "```", "```sh second", "touch never-either", "```");
        await using var shell = TrialShell.Start(steps, root.Work, root.Control, Environment());
        await shell.WaitReadyAsync("first", Deadline);
        shell.Release("first");

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => shell.WaitReadyAsync("second", Deadline));

        Assert.Contains("@@exit 1", failure.Message, StringComparison.Ordinal);
        Assert.Equal([0, 1], shell.CommandsRun.Order());
        Assert.False(File.Exists(Path.Combine(root.Work, "never")));
    }

    [Fact]
    public async Task What_the_page_left_running_in_the_background_is_stopped_with_the_shell()
    {
        using var root = new TrialFolder();
        var pidFile = Path.Combine(root.Work, "pid");
        var steps = Page("```sh start", "sleep 300 &", "echo $! > pid", "```");
        var shell = TrialShell.Start(steps, root.Work, root.Control, Environment());
        await RunAllAsync(shell, steps);
        var sleeper = Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture));

        await shell.DisposeAsync();

        Assert.True(sleeper.WaitForExit(TimeSpan.FromSeconds(5)), "the background sleep outlived the trial's shell");
    }

    private static async Task RunAllAsync(TrialShell shell, IReadOnlyList<DocBlock> steps)
    {
        foreach (var step in steps)
        {
            await shell.WaitReadyAsync(step.Name, Deadline);
            shell.Release(step.Name);
        }

        await shell.WaitReadyAsync(TrialScript.EndStep, Deadline);
    }

    private static List<DocBlock> Page(params string[] lines) => [.. DocSteps.Parse(lines).Where(b => b.IsTrialStep)];

    private static Dictionary<string, string> Environment(params (string Key, string Value)[] values)
    {
        var environment = new Dictionary<string, string> { ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" };
        foreach (var (key, value) in values)
        {
            environment[key] = value;
        }

        return environment;
    }
}
