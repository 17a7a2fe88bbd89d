using System.Diagnostics;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Testing;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Figures;

/// <summary>
/// Figure 6 (issue 13), real-fleet part: one `fleet run` station on the real pcscd fleet and a console process joined
/// to it. The same transmit (GET DATA of the UID, HTTP keep-alive, one socket each) asked of the station itself and
/// of the console with the fleet-wide id, alternating so both see the same machine load; the extra cost of the hop
/// through the console (HTTP on the console, Akka remoting to the station and back) is the difference.
/// </summary>
public sealed class ClusterTransmitFigure(BenchOptions options)
{
    private const string Station = "bench-kiosk";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    public async Task RunAsync(ReportSection section)
    {
        await using var fleet = RealBenchFleet.Start();
        await fleet.InsertAsync(0, BenchCards.NewStorageCard(1300));
        var reader = ReaderId.FromReaderName(fleet.ReaderNames[0]).Value;
        var noPlugins = Directory.CreateTempSubdirectory("scf-bench-cluster-no-plugins-");
        var station = FleetNodeProcess.PcscStation(Station, seed: null,
            $"--Station:Plugins:Directory={noPlugins.FullName}", "--Logging:LogLevel:Default=Warning");
        var console = FleetNodeProcess.Console("bench-console", station, "--Logging:LogLevel:Default=Warning");
        try
        {
            station.Start();
            console.Start();
            await FleetWatch.UntilAsync($"the console lists {Station}.{reader} attached", StartTimeout, console,
                async () => (await console.Http.GetStringAsync($"/api/readers/{Station}.{reader}")).Contains("\"Attached\"", StringComparison.Ordinal));

            await using var local = await KeepAliveHttpClient.ConnectAsync(station.Address);
            await using var remote = await KeepAliveHttpClient.ConnectAsync(console.Address);
            var localRequest = local.JsonPost($"/api/readers/{reader}/transmit", "{\"apdu\":\"FFCA000000\"}");
            var remoteRequest = remote.JsonPost($"/api/readers/{Station}.{reader}/transmit", "{\"apdu\":\"FFCA000000\"}");
            var (onStation, throughConsole) = (new Latencies(), new Latencies());
            var rounds = options.Smoke ? 50 : options.RoundTrips;
            for (var i = -Math.Min(200, rounds); i < rounds; i++)
            {
                // Negative rounds warm both paths up (JIT, connections, remoting) and are not counted.
                var a = await TimeAsync(local, localRequest);
                var b = await TimeAsync(remote, remoteRequest);
                if (i >= 0)
                {
                    onStation.AddTicks(a);
                    throughConsole.AddTicks(b);
                }
            }

            section.Row("transmit on the station itself (HTTP keep-alive, real reader)",
                $"median {Micros(onStation.Median)}, p99 {Micros(onStation.P99)}", "baseline", "–");
            section.Row("the same transmit through the console (fleet-wide id, Akka remoting)",
                $"median {Micros(throughConsole.Median)}, p99 {Micros(throughConsole.P99)}", "–", "–");
            section.Row(Invariant($"extra cost of the console hop ({rounds:N0} alternating pairs)"),
                $"median +{Micros(throughConsole.Median - onStation.Median)}, p99 +{Micros(throughConsole.P99 - onStation.P99)}", "measured", "–");
            section.Raw["transmitOnStationMedianMicros"] = onStation.Median;
            section.Raw["transmitOnStationP99Micros"] = onStation.P99;
            section.Raw["transmitThroughConsoleMedianMicros"] = throughConsole.Median;
            section.Raw["transmitThroughConsoleP99Micros"] = throughConsole.P99;
        }
        finally
        {
            await console.DisposeAsync();
            await station.DisposeAsync();
            noPlugins.Delete(recursive: true);
        }
    }

    private static async Task<long> TimeAsync(KeepAliveHttpClient client, byte[] request)
    {
        var start = Stopwatch.GetTimestamp();
        var (status, body) = await client.SendAsync(request);
        var ticks = Stopwatch.GetTimestamp() - start;
        return status == 200 ? ticks : throw new InvalidOperationException($"transmit answered {status}: {body}");
    }
}
