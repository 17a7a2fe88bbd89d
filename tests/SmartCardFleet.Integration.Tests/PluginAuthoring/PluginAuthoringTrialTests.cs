using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Integration.Tests.Plugins.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.PluginAuthoring;

/// <summary>
/// Issue 12's trial, from scratch and from the page: runs every ```sh block of docs/plugins.md in order, in an empty
/// folder outside the repository, on the real fleet — `dotnet new fleet-plugin`, build against the packed SDK and test
/// kit in a local folder, the generated tests, a real `fleet run` whose plugin folder has only the ISO 7816 fallback,
/// a scripted badge card in a vpcd slot, deploy, `read-badge`, a new version while the card stays. Between steps it
/// checks the station over HTTP: the fallback holds the card first, the card moves to contoso.badge without being
/// re-inserted, the new version serves it. Prints the wall time from `dotnet new` to the first working read-badge.
/// </summary>
[Collection(RealFleetCollection.Name)]
public sealed partial class PluginAuthoringTrialTests(RealFleetFixture fixture, ITestOutputHelper output)
{
    private const string PluginId = "contoso.badge";
    private const string Fallback = "org.smartcardfleet.iso7816";
    private static readonly TimeSpan StepDeadline = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StationDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_newcomer_following_docs_plugins_md_gets_a_plugin_that_takes_a_held_card_and_is_replaced_while_it_stays()
    {
        var fleet = fixture.Require();
        var blocks = DocSteps.Read();
        var steps = blocks.Where(b => b.IsTrialStep).ToList();
        var checks = new Dictionary<string, Func<Task>>(StringComparer.Ordinal);
        Assert.Empty(Checked.Except(steps.Select(s => s.Name)));   // a renamed step must not drop its check silently

        var slot = fleet.Layout.Reader(12);
        var reader = ReaderId.FromReaderName(slot.ReaderName).Value;
        using var root = new TrialFolder();
        using var plugins = new PluginFolder().Install(PluginFolder.Shipped("Iso7816"));
        var url = TrialEnvironment.FreeLoopbackUrl();
        var packages = await TrialEnvironment.PackagesFolderAsync([.. blocks.Where(b => b.IsRepositoryStep)], Log);
        var environment = TrialEnvironment.Create(root.Path, new Dictionary<string, string>
        {
            ["FLEET_PACKAGES"] = packages,
            ["FLEET_URL"] = url,
            ["PLUGINS_DIR"] = plugins.Path,
            ["VPCD_PORT"] = slot.Port.ToString(CultureInfo.InvariantCulture),
            ["READER"] = reader,
        });
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        var station = new StationProbe(http, reader);
        var insertions = -1;
        var sinceNew = new Stopwatch();
        var firstReadBadge = TimeSpan.Zero;
        TrialShell? shell = null;

        checks["create"] = () => Task.Run(() => ShownFilesAreGenerated(blocks, Path.Combine(root.Work, "Contoso.Badge")));
        checks["test"] = () => Task.Run(() => Assert.Matches(TestsPassed(), string.Join('\n', shell!.Output)));
        checks["station"] = station.UntilReadyAsync;
        checks["card"] = async () =>
        {
            var held = await station.UntilHeldByAsync(Fallback);
            insertions = (int)held["insertionCounter"]!;
            Assert.DoesNotContain(PluginId, (await station.PluginIdsAsync()));
        };
        checks["deploy"] = async () =>
        {
            var moved = await station.UntilHeldByAsync(PluginId);
            Assert.Equal(insertions, (int)moved["insertionCounter"]!);   // moved without re-insertion
        };
        checks["use"] = async () =>
        {
            firstReadBadge = sinceNew.Elapsed;
            Assert.Equal(PluginId, (string?)(await station.ReadBadgeAsync())["plugin"]);
        };
        checks["redeploy"] = async () =>
        {
            var served = await station.UntilHeldByAsync(PluginId, version: "1.1.0");
            Assert.Equal(insertions, (int)served["insertionCounter"]!);   // the card stayed
        };
        checks["use-again"] = async () =>
        {
            var answer = await station.ReadBadgeAsync();
            Assert.Equal(PluginId, (string?)answer["plugin"]);
            Assert.Equal("1.1.0", (string?)(await station.ReaderAsync())["pluginVersion"]);
        };

        shell = TrialShell.Start(steps, root.Work, root.Control, environment);
        var timings = new List<string>();
        try
        {
            await shell.WaitReadyAsync(steps[0].Name, StepDeadline);
            foreach (var step in steps)
            {
                if (step.Name == "create")
                {
                    sinceNew.Start();
                }

                var clock = Stopwatch.StartNew();
                shell.Release(step.Name);
                await shell.WaitReadyAsync(NextName(steps, step), StepDeadline);
                if (checks.TryGetValue(step.Name, out var check))
                {
                    await check();
                }

                timings.Add(string.Create(CultureInfo.InvariantCulture, $"{step.Name} {clock.Elapsed.TotalSeconds:0.0} s"));
            }

            var ran = shell.CommandsRun;
            Assert.Equal(steps.Sum(s => s.Commands.Count), ran.Count);   // every command of every ```sh block ran
            var figure = string.Create(CultureInfo.InvariantCulture,
                $"plugin trial: dotnet new fleet-plugin -> first working read-badge on the real fleet: {firstReadBadge.TotalSeconds:0.0} s ({string.Join(", ", timings)})");
            Log(figure);
        }
        finally
        {
            await shell.DisposeAsync();
            foreach (var line in shell.Output)
            {
                output.WriteLine(line);
            }
        }
    }

    /// <summary>The steps after which the test looks at the station.</summary>
    private static readonly string[] Checked = ["create", "test", "station", "card", "deploy", "use", "redeploy", "use-again"];

    private static string NextName(List<DocBlock> steps, DocBlock step)
    {
        var index = steps.IndexOf(step);
        return index + 1 < steps.Count ? steps[index + 1].Name : TrialScript.EndStep;
    }

    /// <summary>A block whose info string names a file ("```json card.json") shows that generated file as it is.</summary>
    private static void ShownFilesAreGenerated(IReadOnlyList<DocBlock> blocks, string project)
    {
        foreach (var shown in blocks.Where(b => b.Language != "sh" && b.Name.Length > 0))
        {
            var file = Path.Combine(project, shown.Name);
            Assert.True(File.Exists(file), $"plugins.md:{shown.Line} shows {shown.Name}, which dotnet new did not generate");
            Assert.Equal(Normalized(File.ReadAllLines(file)), Normalized(shown.Lines));
        }

        static string Normalized(IEnumerable<string> lines) => string.Join('\n', lines.Select(l => l.TrimEnd())).Trim();
    }

    private void Log(string line)
    {
        fixture.Report(line);
        output.WriteLine(line);
    }

    /// <summary>dotnet test's summary with no failure and at least one passed test.</summary>
    [GeneratedRegex(@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+[1-9]")]
    private static partial Regex TestsPassed();

    /// <summary>The station under the page's commands, seen over its HTTP API.</summary>
    private sealed class StationProbe(HttpClient http, string reader)
    {
        public async Task UntilReadyAsync()
        {
            await UntilAsync(async () => (await http.GetAsync("/readyz")).IsSuccessStatusCode, "the station answers /readyz 200");
        }

        public async Task<JsonNode> ReaderAsync() => JsonNode.Parse(await http.GetStringAsync($"/api/readers/{reader}"))!;

        public async Task<JsonNode> UntilHeldByAsync(string plugin, string? version = null)
        {
            JsonNode? last = null;
            await UntilAsync(async () =>
            {
                last = await ReaderAsync();
                return (string?)last["plugin"] == plugin && (version is null || (string?)last["pluginVersion"] == version);
            }, $"{reader} is held by {plugin} {version}", () => last?.ToJsonString() ?? "");
            return last!;
        }

        public async Task<IReadOnlyList<string?>> PluginIdsAsync() =>
            [.. JsonNode.Parse(await http.GetStringAsync("/api/plugins"))!.AsArray().Select(p => (string?)p!["id"])];

        /// <summary>read-badge answers a badge number (the scripted card's counter).</summary>
        public async Task<JsonNode> ReadBadgeAsync()
        {
            using var response = await http.PostAsJsonAsync($"/api/readers/{reader}/operations/read-badge", new { });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"read-badge: {(int)response.StatusCode} {body}");
            var answer = JsonNode.Parse(body)!;
            Assert.True(answer["result"]?["badgeNumber"]?.GetValueKind() == System.Text.Json.JsonValueKind.Number, body);
            return answer;
        }

        private static async Task UntilAsync(Func<Task<bool>> condition, string what, Func<string>? last = null)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < StationDeadline)
            {
                try
                {
                    if (await condition())
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // The station is still starting (connection refused): keep asking until the deadline.
                }

                await Task.Delay(100);
            }

            Assert.Fail($"not within {StationDeadline.TotalSeconds} s: {what}; last: {last?.Invoke()}");
        }
    }
}
