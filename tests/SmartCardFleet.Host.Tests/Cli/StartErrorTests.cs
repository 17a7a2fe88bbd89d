using SmartCardFleet.Host.Cli;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Cli;

/// <summary>Every way `fleet run` can be misconfigured ends with one clear line and exit code 2, never a stack trace
/// or an abort (issue 10, defect 6).</summary>
public sealed class StartErrorTests
{
    [Theory]
    [InlineData("{ \"Station\": ", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    public async Task A_config_file_that_is_not_JSON_is_a_clean_start_error(string content, string expected)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("fleet-config-").FullName, "fleet.json");
        await File.WriteAllTextAsync(file, content);

        var (exitCode, _, stderr) = await FleetProcess.RunAsync("run", "--simulate", "1", "--config", file, "--urls", "http://127.0.0.1:0");

        AssertCleanStartError(exitCode, stderr);
        Assert.Contains(file, stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_with_a_path_is_a_clean_start_error_naming_the_key()
    {
        var (exitCode, _, stderr) = await FleetProcess.RunAsync("run", "--simulate", "1", "--urls", "http://127.0.0.1:0/base");

        AssertCleanStartError(exitCode, stderr);
        Assert.Contains("Http:Urls:0", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Kestrel_endpoint_with_a_path_is_a_clean_start_error()
    {
        var (exitCode, _, stderr) = await FleetProcess.RunAsync("run", "--simulate", "1", "--urls", "http://127.0.0.1:0",
            "--Kestrel:Endpoints:E1:Url=http://127.0.0.1:0/base");

        AssertCleanStartError(exitCode, stderr);
        Assert.Contains("Kestrel", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    public async Task A_reader_count_that_is_not_1_to_10000_is_a_usage_error(string count)
    {
        var (exitCode, _, stderr) = await FleetProcess.RunAsync("run", "--simulate", count);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--simulate", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private static void AssertCleanStartError(int exitCode, string stderr)
    {
        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith("fleet: cannot start:", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
