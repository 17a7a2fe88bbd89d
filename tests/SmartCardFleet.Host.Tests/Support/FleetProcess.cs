using System.Diagnostics;
using System.Text;

namespace SmartCardFleet.Host.Tests.Support;

/// <summary>Runs the built `fleet` executable (copied beside the tests by the project reference) as a real process.</summary>
internal static class FleetProcess
{
    public static string ExecutablePath => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "fleet.exe" : "fleet");

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        RunAsync(new Dictionary<string, string>(), args);

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string> environment,
        params string[] args) => CompleteAsync(Start(environment, args), args);

    /// <summary>As <see cref="RunAsync(string[])"/>, with <paramref name="input"/> written to the command's stdin (then closed).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunWithInputAsync(string input, params string[] args)
    {
        var process = Start(new Dictionary<string, string>(), args, redirectInput: true);
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        return await CompleteAsync(process, args);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> CompleteAsync(Process started, string[] args)
    {
        using var process = started;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"fleet {string.Join(' ', args)} did not end within 60 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start(environment, args, redirectInput: false);

    private static Process Start(IReadOnlyDictionary<string, string> environment, string[] args, bool redirectInput)
    {
        var info = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The tests pass --url explicitly; a developer's FLEET_URL must not redirect them.
        info.Environment.Remove("FLEET_URL");
        info.Environment.Remove("FLEET_TOKEN");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        // Each station process its own database: parallel tests must not share one (a --Storage:... argument still wins).
        if (args.FirstOrDefault() == "run" && !environment.Keys.Any(k => k.StartsWith("FLEET_Storage__", StringComparison.OrdinalIgnoreCase)))
        {
            info.Environment["FLEET_Storage__DataDirectory"] = Directory.CreateTempSubdirectory("fleet-data-").FullName;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start fleet");
    }
}
