using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Integration.Tests.Plugins.Support;
using SmartCardFleet.Integration.Tests.RealFleet;
using SmartCardFleet.Integration.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using SmartCardFleet.VirtualCards.Cards.Nfc;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.Host;

/// <summary>The built `fleet run` executable as its own process on the real fleet, from start to SIGTERM.</summary>
[Collection(RealFleetCollection.Name)]
public sealed partial class FleetRunProcessTests(RealFleetFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly byte[] Uid = [0x04, 0x71, 0x72, 0x73];

    [Fact]
    public async Task Fleet_run_serves_the_real_cards_and_on_SIGTERM_exits_0_and_releases_the_readers()
    {
        var fleet = fixture.Require();
        var storageSlot = fleet.Layout.Reader(14);
        var tagSlot = fleet.Layout.Reader(15);
        await using var storage = await FleetCard.InsertAsync(fixture.Api, storageSlot, new StorageCard(Uid));
        await using var tag = await FleetCard.InsertAsync(fixture.Api, tagSlot, new NfcType4Tag(NdefMessages.Uri("https://example.com/run")));
        using var process = StartFleet("run", "--urls", "http://127.0.0.1:0",
            $"--Station:Plugins:Directory={Path.Combine(PluginFolder.Artifacts, "plugins")}", "--Logging:LogLevel:Default=Information");
        var lines = new ConcurrentQueue<string>();
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => OnLine(e.Data, lines, started);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, lines, started);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(await started.Task.WaitAsync(Deadline)) };
            var storageId = ReaderId.FromReaderName(storageSlot.ReaderName).Value;
            var tagId = ReaderId.FromReaderName(tagSlot.ReaderName).Value;
            await UntilIdentifiedAsync(http, storageId, "org.smartcardfleet.uid");
            await UntilIdentifiedAsync(http, tagId, "org.smartcardfleet.ndef");

            var uid = await OperationAsync(http, storageId, "read-uid");
            Assert.Equal(Convert.ToHexString(Uid), (string?)uid["uid"]);
            var ndef = await OperationAsync(http, tagId, "read-ndef");
            Assert.Equal("https://example.com/run", (string?)ndef["records"]![0]!["uri"]);
            using (var other = PcscContext.Establish(fixture.Api))
            {
                // The station holds both cards (shared): nobody else can take one exclusively.
                var refused = Assert.Throws<PcscException>(() => other.Connect(storageSlot.ReaderName, ShareMode.Exclusive));
                Assert.Equal(PcscError.SharingViolation, refused.Error);
            }

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var exit = new CancellationTokenSource(Deadline);
            await process.WaitForExitAsync(exit.Token);
            Assert.Equal(0, process.ExitCode);

            using var afterwards = PcscContext.Establish(fixture.Api);
            using (afterwards.Connect(storageSlot.ReaderName, ShareMode.Exclusive))
            using (afterwards.Connect(tagSlot.ReaderName, ShareMode.Exclusive))
            {
                // Both readers' cards can be taken exclusively: the station let go of every handle.
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            foreach (var line in lines)
            {
                output.WriteLine(line);
            }
        }
    }

    private static Process StartFleet(params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "fleet"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A developer's own settings must not redirect the process under test.
        info.Environment.Remove("FLEET_URL");
        info.Environment.Remove("FLEET_TOKEN");
        return Process.Start(info) ?? throw new InvalidOperationException("could not start fleet");
    }

    private static void OnLine(string? line, ConcurrentQueue<string> lines, TaskCompletionSource<string> started)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        if (StartedLine().Match(line) is { Success: true } match)
        {
            started.TrySetResult(match.Groups["url"].Value);
        }
    }

    private static async Task UntilIdentifiedAsync(HttpClient http, string reader, string plugin)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < Deadline)
        {
            last = await http.GetStringAsync($"/api/readers/{reader}");
            if ((string?)JsonNode.Parse(last)!["plugin"] == plugin)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{reader} was not identified by {plugin} within {Deadline.TotalSeconds} s; last: {last}");
    }

    private static async Task<JsonNode> OperationAsync(HttpClient http, string reader, string operation)
    {
        using var response = await http.PostAsJsonAsync($"/api/readers/{reader}/operations/{operation}", new { });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{operation}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["result"]!;
    }

    [GeneratedRegex(@"Station started .* on (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex StartedLine();
}
