using System.Text.Json.Nodes;
using SmartCardFleet.Host.Configuration;

namespace SmartCardFleet.Integration.Tests.PluginAuthoring;

/// <summary>
/// The trial deploys into a folder it chooses; the page also names the folder a `dotnet run` station reads, which no
/// trial step can use without writing into the repository. This holds that sentence to the build: the host is built
/// into src/SmartCardFleet.Host/bin/&lt;Configuration&gt;/net10.0/, its configuration file beside it says "plugins",
/// and a relative plugin folder is taken from the configuration file's folder.
/// </summary>
public sealed class DeployFolderTests
{
    [Fact]
    public void The_plugin_folder_the_page_gives_for_dotnet_run_is_where_the_built_host_looks()
    {
        var built = Path.Combine(RepositoryPaths.Root, "src", "SmartCardFleet.Host", "bin", "Release", "net10.0");
        Assert.True(File.Exists(Path.Combine(built, "fleet")), $"the host is not built where the page says: {built}");
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(built, "appsettings.json")))!;
        var configured = (string?)settings["Station"]?["Plugins"]?["Directory"] ?? "";

        var folder = PluginHostSettingsFactory.Create(new StationOptions { Plugins = { Directory = configured } }, built).PluginDirectory;

        Assert.Equal(Path.Combine(built, "plugins"), folder);
        var page = File.ReadAllText(DocSteps.PagePath);
        Assert.Contains("`src/SmartCardFleet.Host/bin/Debug/net10.0/plugins/` (with `-c Release`: `bin/Release/net10.0/plugins/`)", page, StringComparison.Ordinal);
    }
}
