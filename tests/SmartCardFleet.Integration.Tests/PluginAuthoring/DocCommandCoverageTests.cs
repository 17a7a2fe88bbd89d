namespace SmartCardFleet.Integration.Tests.PluginAuthoring;

/// <summary>
/// The page cannot hide a command from the trial: anything that reads like a shell command sits in a ```sh block
/// (the only blocks the trial runs), each such block is named and holds one command per line using only the
/// documented variables, and the packing step is the one ./test.sh performs. No fleet needed.
/// </summary>
public sealed class DocCommandCoverageTests
{
    private static readonly string[] PagesWithCommands = ["plugins.md", "plugin-reference.md"];

    [Fact]
    public void Every_command_on_the_plugin_pages_is_in_a_block_the_trial_runs()
    {
        foreach (var page in PagesWithCommands)
        {
            var blocks = DocSteps.Parse(File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "docs", page)));
            foreach (var block in blocks)
            {
                Assert.True(block.Language.Length > 0, $"{page}:{block.Line}: a fenced block without a language; say sh (run), text, csharp, xml or json");
                if (block.Language == "sh")
                {
                    Assert.True(page == "plugins.md", $"{page}:{block.Line}: ```sh blocks are run only on plugins.md; move the command there");
                    continue;
                }

                var hidden = block.Lines.Where(DocSteps.LooksLikeCommand).ToList();
                Assert.True(hidden.Count == 0,
                    $"{page}:{block.Line}: a ```{block.Language} block holds commands the trial would not run: {string.Join(" | ", hidden)}");
            }
        }
    }

    [Fact]
    public void Each_sh_block_is_named_once_and_holds_one_command_per_line_with_documented_variables()
    {
        var shell = DocSteps.Read().Where(b => b.Language == "sh").ToList();
        Assert.NotEmpty(shell);
        foreach (var block in shell)
        {
            Assert.True(block.Name.Length > 0, $"plugins.md:{block.Line}: name the step: ```sh <name>");
            Assert.NotEmpty(block.Commands);
            foreach (var command in block.Commands)
            {
                Assert.False(command.EndsWith('\\'), $"plugins.md:{block.Line}: one command per line, no continuation: {command}");
                Assert.DoesNotContain("<<", command, StringComparison.Ordinal);
                var unknown = DocSteps.VariablesIn(command).Where(v => !DocSteps.Variables.Contains(v)).ToList();
                Assert.True(unknown.Count == 0, $"plugins.md:{block.Line}: {command} uses undocumented variables {string.Join(", ", unknown)}");
            }
        }

        var names = shell.Select(b => b.Name).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
    }

    [Fact]
    public void The_packing_step_is_the_one_test_sh_runs_before_the_tests()
    {
        var testScript = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "test.sh"));
        var packing = DocSteps.Read().Where(b => b.IsRepositoryStep).SelectMany(b => b.Commands).ToList();
        Assert.NotEmpty(packing);
        foreach (var command in packing)
        {
            // test.sh adds only quiet and --no-build (it has just built) and names the configuration by variable.
            var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w != "Release" && w != "-c");
            var line = testScript.Split('\n').FirstOrDefault(l => l.Contains("dotnet pack", StringComparison.Ordinal)) ?? "";
            Assert.All(words, w => Assert.Contains(w, line, StringComparison.Ordinal));
        }
    }
}
