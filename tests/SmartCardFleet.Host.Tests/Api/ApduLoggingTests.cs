using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

public sealed class ApduLoggingTests
{
    [Fact]
    public async Task Each_apdu_is_one_debug_line_and_a_verify_pin_never_reaches_the_log()
    {
        var lines = new ConcurrentQueue<string>();
        await using var station = await StartWithAttachedCardAsync(lines);

        // VERIFY PIN 01 with "1234" (31 32 33 34).
        (await station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(0)}/transmit", new { apdu = "0020000104 31323334" })).EnsureSuccessStatusCode();
        (await station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(0)}/transmit", new { apdu = "00A4040C08F05343464C454554" })).EnsureSuccessStatusCode();

        var apduLines = lines.Where(l => l.StartsWith("SmartCardFleet.Host.Apdu", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, apduLines.Count);
        Assert.Contains("header=00200001", apduLines[0], StringComparison.Ordinal);
        Assert.Contains("[4 bytes redacted]", apduLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("31 32 33 34", string.Join('\n', lines), StringComparison.Ordinal);
        Assert.DoesNotContain("31323334", string.Join('\n', lines), StringComparison.Ordinal);
        Assert.Contains("sw=9000", apduLines[1], StringComparison.Ordinal);
        Assert.Contains("reader=simulated-reader-00", apduLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_apdu_of_a_transaction_is_one_debug_line_in_order_and_its_verify_pin_never_reaches_the_log()
    {
        var lines = new ConcurrentQueue<string>();
        await using var station = await StartWithAttachedCardAsync(lines);

        // One batch on the reader's side; still one log line per APDU here, VERIFY PIN 01 with "1234" redacted.
        (await station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(0)}/transaction",
            new { apdus = new[] { "00A4040C08F05343464C454554", "002000010431323334", "00B0810005" } })).EnsureSuccessStatusCode();

        var apduLines = lines.Where(l => l.StartsWith("SmartCardFleet.Host.Apdu", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, apduLines.Count);
        Assert.Contains("header=00A4040C", apduLines[0], StringComparison.Ordinal);
        Assert.Contains("header=00200001", apduLines[1], StringComparison.Ordinal);
        Assert.Contains("[4 bytes redacted]", apduLines[1], StringComparison.Ordinal);
        Assert.Contains("header=00B08100", apduLines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("31323334", string.Join('\n', lines), StringComparison.Ordinal);
        Assert.DoesNotContain("31 32 33 34", string.Join('\n', lines), StringComparison.Ordinal);
    }

    /// <summary>A one-reader station logging APDUs at Debug into <paramref name="lines"/>, its card attached.</summary>
    private static async Task<StationUnderTest> StartWithAttachedCardAsync(ConcurrentQueue<string> lines)
    {
        var station = await StationUnderTest.StartAsync(readers: 1, overrides: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:SmartCardFleet.Host.Apdu"] = "Debug",
        });
        try
        {
            station.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(new CapturingLoggerProvider(lines));
            station.Reader(0).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
            await station.WaitForStateAsync(0, "Attached");
            return station;
        }
        catch
        {
            await station.DisposeAsync();
            throw;
        }
    }
}
