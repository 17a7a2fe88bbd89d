using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmartCardFleet.Integration.Tests.PluginAuthoring;

/// <summary>
/// What a newcomer's shell has when following docs/plugins.md: the documented variables, `fleet` on the PATH, and
/// nothing of the test run's own build (the MSBuild and test-host variables `dotnet test` sets would steer the
/// page's `dotnet` commands). Templates install into a throw-away CLI home; packages restore into a cache of the
/// trial's own from which this repository's packages are purged first, so a re-packed 1.3.0 is never an old copy.
/// </summary>
internal static class TrialEnvironment
{
    public static readonly string[] Packages =
        ["SmartCardFleet.Abstractions.1.3.0.nupkg", "SmartCardFleet.Testing.1.3.0.nupkg", "SmartCardFleet.Templates.1.3.0.nupkg"];

    private static readonly string[] Dropped = ["MSBUILD", "VSTEST", "DOTNET_HOST_PATH", "NUGET_", "FLEET_", "TESTINGPLATFORM", "XUNIT"];

    /// <summary>The packed packages: artifacts/packages when ./test.sh packed them, else packed now with the page's
    /// own repository step.</summary>
    public static async Task<string> PackagesFolderAsync(IReadOnlyList<DocBlock> repositorySteps, Action<string> log)
    {
        var folder = Path.Combine(RepositoryPaths.Artifacts, "packages");
        if (Packages.All(p => File.Exists(Path.Combine(folder, p))))
        {
            return folder;
        }

        foreach (var command in repositorySteps.SelectMany(s => s.Commands))
        {
            log($"packing in {RepositoryPaths.Root}: {command}");
            using var bash = Process.Start(new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", command])
            {
                WorkingDirectory = RepositoryPaths.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var output = bash.StandardOutput.ReadToEndAsync();
            var errors = bash.StandardError.ReadToEndAsync();
            await bash.WaitForExitAsync();
            Assert.True(bash.ExitCode == 0, $"{command} failed ({bash.ExitCode}):\n{await output}\n{await errors}");
        }

        foreach (var package in Packages)
        {
            Assert.True(File.Exists(Path.Combine(folder, package)), $"{package} is not in {folder} after packing");
        }

        return folder;
    }

    public static Dictionary<string, string> Create(string trialRoot, IReadOnlyDictionary<string, string> documented)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var key = (string)entry.Key;
            if (!Dropped.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                environment[key] = (string?)entry.Value ?? "";
            }
        }

        var fleet = Path.Combine(AppContext.BaseDirectory, "fleet");
        Assert.True(File.Exists(fleet), $"{fleet} is missing: the host is built beside these tests");
        environment["PATH"] = AppContext.BaseDirectory + Path.PathSeparator + environment.GetValueOrDefault("PATH", "/usr/bin:/bin");
        environment["DOTNET_CLI_HOME"] = Directory.CreateDirectory(Path.Combine(trialRoot, "home")).FullName;
        environment["NUGET_PACKAGES"] = PackageCache();
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in documented)
        {
            environment[key] = value;
        }

        return environment;
    }

    public static string FreeLoopbackUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    /// <summary>Kept between runs (restoring xUnit and the test SDK every time would measure the network), minus this
    /// repository's packages.</summary>
    private static string PackageCache()
    {
        var cache = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "scf-plugin-trial-nuget")).FullName;
        foreach (var own in Directory.EnumerateDirectories(cache, "smartcardfleet.*"))
        {
            Directory.Delete(own, recursive: true);
        }

        return cache;
    }
}
