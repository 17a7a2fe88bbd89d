using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.Scripted;

namespace SmartCardFleet.Templates.Tests;

/// <summary>
/// The template's promise, as a stranger meets it: install the packed template, generate a plugin in an empty folder
/// outside this repository (no Directory.Build.props above it), build and test it against the local package folder
/// (plus the machine's usual NuGet source for xunit and the like), and deploy a folder without the SDK's DLL.
/// </summary>
public sealed class FleetPluginTemplateSpecs : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(8);
    private readonly string _root = Directory.CreateTempSubdirectory("scf-template-").FullName;

    [Fact]
    public async Task The_generated_plugin_builds_and_its_tests_pass_out_of_the_box_and_its_output_has_no_SDK_DLL()
    {
        var template = RepositoryPaths.RequirePackage("SmartCardFleet.Templates.1.3.0.nupkg");
        RepositoryPaths.RequirePackage("SmartCardFleet.Abstractions.1.3.0.nupkg");
        RepositoryPaths.RequirePackage("SmartCardFleet.Testing.1.3.0.nupkg");
        var hive = Path.Combine(_root, "hive");
        var work = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = PackageCacheWithoutSmartCardFleet() };

        await Succeeds(work, environment, "new", "install", template, "--debug:custom-hive", hive);
        await Succeeds(work, environment, "new", "fleet-plugin", "-n", "Contoso.Badge", "--packages", RepositoryPaths.Packages, "--debug:custom-hive", hive);
        var test = await Succeeds(work, environment, "test", "-v", "q");

        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0, Passed:\s+[1-9]", test);
        var pluginOutput = Path.Combine(work, "Contoso.Badge", "bin", "Debug", "Contoso.Badge");
        Assert.True(File.Exists(Path.Combine(pluginOutput, "Contoso.Badge.dll")), $"no Contoso.Badge.dll in {pluginOutput}");
        Assert.False(File.Exists(Path.Combine(pluginOutput, "SmartCardFleet.Abstractions.dll")), "the plugin's output carries the SDK's DLL");
        Assert.Contains(RepositoryPaths.Packages, await File.ReadAllTextAsync(Path.Combine(work, "nuget.config")), StringComparison.Ordinal);

        // The generated card script (what `fleet vcard --script card.json` plays) is a card the generated plugin takes.
        await using var harness = await PluginHarness.LoadAsync(pluginOutput);
        var card = new VirtualCardChannel(ScriptedCard.Load(Path.Combine(work, "card.json")));
        Assert.True((await harness.IdentifyAsync(card)).Accepted, "the plugin does not accept card.json's card");
        var badge = await harness.RunAsync("read-badge", null, card);
        Assert.Equal(12345, (int?)badge!["badgeNumber"]);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// This test's own NuGet cache (artifacts/template-nuget-cache), kept between runs so xunit and the like download
    /// once, but never with SmartCardFleet packages in it: a 1.3.0 restored from an earlier build of the packages would
    /// stand in for the ones under test (NuGet never re-reads a version it has cached).
    /// </summary>
    private static string PackageCacheWithoutSmartCardFleet()
    {
        var cache = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Artifacts, "template-nuget-cache"));
        foreach (var stale in cache.EnumerateDirectories("smartcardfleet.*"))
        {
            stale.Delete(recursive: true);
        }

        return cache.FullName;
    }

    private static async Task<string> Succeeds(string folder, Dictionary<string, string> environment, params string[] arguments)
    {
        var (exitCode, output) = await DotnetCli.RunAsync(folder, environment, Step, arguments);
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
        return output;
    }
}
