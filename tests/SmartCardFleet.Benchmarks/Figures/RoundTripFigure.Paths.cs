using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using SmartCardFleet.Benchmarks.Support;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;
using static SmartCardFleet.Benchmarks.Support.Format;

namespace SmartCardFleet.Benchmarks.Figures;

// The measuring loops of figure 1's actor, reply-ref and plugin paths; each checks every answer.
public sealed partial class RoundTripFigure
{
    private static Task<Latencies> MeasureAskAsync(IActorRef target, object request, int count) =>
        MeasureAsync(() => target.Ask<object>(request, Wait), target.Path.ToString(), count);

    private static async Task<Latencies> MeasureAsync(Func<Task<object>> ask, string path, int count)
    {
        var latencies = new Latencies();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var reply = await ask();
            var elapsed = Stopwatch.GetTimestamp() - start;
            if (reply is not Transmitted { StatusWord: 0x9000 })
            {
                throw new InvalidOperationException($"Transmit asked of {path} answered {reply}");
            }

            latencies.AddTicks(elapsed);
        }

        return latencies;
    }

    /// <summary>One atomic <see cref="TransmitBatch"/> of <see cref="BatchSize"/> GET DATA per sample, asked the way
    /// (b) asks; every response must be 90 00.</summary>
    private static async Task<Latencies> MeasureBatchAsync(ReaderRequests readers, ReaderId id, int batches)
    {
        var batch = new TransmitBatch([.. Enumerable.Repeat(BenchCards.GetUidBytes, BatchSize)], Atomic: true);
        var latencies = new Latencies();
        for (var b = 0; b < batches; b++)
        {
            var start = Stopwatch.GetTimestamp();
            var reply = await readers.AskAsync(id, batch, Wait);
            var elapsed = Stopwatch.GetTimestamp() - start;
            if (reply is not BatchTransmitted { Failure: null } done || done.Responses.Count != BatchSize
                || done.Responses.Any(r => r.StatusWord != 0x9000))
            {
                throw new InvalidOperationException($"TransmitBatch asked of {id} answered {reply}");
            }

            latencies.AddTicksPer(elapsed, BatchSize);
        }

        return latencies;
    }

    /// <summary>The plugin times each exchange itself, so the figure is the channel's round trip as plugin code sees it.</summary>
    private static async Task<Latencies> MeasureChannelAsync(BenchStation station, ReaderId id, int count)
    {
        var arguments = new JsonObject { ["count"] = count };
        var reply = await station.Plugins!.Ask<object>(new RunOperation(id, BenchLoopPlugin.Operation, arguments), TimeSpan.FromMinutes(5));
        if (reply is not OperationCompleted { Result: JsonObject result })
        {
            throw new InvalidOperationException($"plugin operation answered {reply}");
        }

        var latencies = new Latencies();
        latencies.AddRange(result["micros"]!.AsArray().Select(n => n!.GetValue<double>()));
        return latencies;
    }

    private static async Task<Latencies> MeasureOperationsAsync(BenchStation station, ReaderId id, int count)
    {
        var latencies = new Latencies();
        for (var i = 0; i < count + 10; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var reply = await station.Plugins!.Ask<object>(new RunOperation(id, BenchLoopPlugin.Operation, new JsonObject { ["count"] = 1 }), Wait);
            var elapsed = Stopwatch.GetTimestamp() - start;
            if (reply is not OperationCompleted)
            {
                throw new InvalidOperationException($"plugin operation answered {reply}");
            }

            if (i >= 10)
            {
                latencies.AddTicks(elapsed);
            }
        }

        return latencies;
    }
}
