using System.Text.RegularExpressions;

namespace SmartCardFleet.Integration.Tests.PluginAuthoring;

/// <summary>One fenced block of a Markdown page: its info string ("sh create" → language "sh", name "create"), the
/// line of its opening fence and its lines.</summary>
internal sealed record DocBlock(string Language, string Name, int Line, IReadOnlyList<string> Lines)
{
    /// <summary>A step of the stranger's path: run by the trial in an empty folder outside the repository.</summary>
    public bool IsTrialStep => Language == "sh" && Name != DocSteps.RepositoryStep;

    /// <summary>Run in a clone of the repository (packing the packages); ./test.sh runs it before the tests.</summary>
    public bool IsRepositoryStep => Language == "sh" && Name == DocSteps.RepositoryStep;

    /// <summary>The lines a shell runs: comments and blank lines are only read by people.</summary>
    public IReadOnlyList<string> Commands { get; } =
        [.. Lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
}

/// <summary>Reads docs/plugins.md the way the trial runs it: every ```sh block is a step, in page order.</summary>
internal static partial class DocSteps
{
    public const string RepositoryStep = "repo";

    /// <summary>The variables the page documents and the trial sets; a command may use no other.</summary>
    public static readonly IReadOnlySet<string> Variables =
        new HashSet<string>(StringComparer.Ordinal) { "FLEET_PACKAGES", "FLEET_URL", "PLUGINS_DIR", "VPCD_PORT", "READER", "PWD" };

    public static string PagePath => Path.Combine(RepositoryPaths.Root, "docs", "plugins.md");

    public static IReadOnlyList<DocBlock> Read() => Parse(File.ReadAllLines(PagePath));

    public static IReadOnlyList<DocBlock> Parse(IReadOnlyList<string> page)
    {
        var blocks = new List<DocBlock>();
        for (var i = 0; i < page.Count; i++)
        {
            if (Fence().Match(page[i]) is not { Success: true } open)
            {
                continue;
            }

            var info = open.Groups["info"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var lines = new List<string>();
            var start = i + 1;
            for (i++; i < page.Count && !page[i].TrimStart().StartsWith(open.Groups["fence"].Value, StringComparison.Ordinal); i++)
            {
                lines.Add(page[i]);
            }

            blocks.Add(new DocBlock(info.ElementAtOrDefault(0) ?? "", info.ElementAtOrDefault(1) ?? "", start, lines));
        }

        return blocks;
    }

    /// <summary>The variables a command line refers to ($NAME or ${NAME}).</summary>
    public static IEnumerable<string> VariablesIn(string command) =>
        VariableReference().Matches(command).Select(m => m.Groups["name"].Value);

    /// <summary>Whether a line reads like something a person types into a shell (so it must sit in a ```sh block).</summary>
    public static bool LooksLikeCommand(string line) => CommandStart().IsMatch(line.Trim());

    [GeneratedRegex(@"^ {0,3}(?<fence>`{3,})(?<info>[^`]*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"\$\{?(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^(\$ )?(dotnet|fleet|cp|mv|mkdir|cd|kill|curl|export|sudo|apt-get|sed|rm)( |$)")]
    private static partial Regex CommandStart();
}
