using System.Diagnostics;
using System.Globalization;
using SmartCardFleet.Integration.Tests.Support;
using SmartCardFleet.Pcsc;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Integration.Tests.RealFleet.Cards;

/// <summary>
/// Measures SCardTransmit round trips through our binding, pcscd and vpcd to one virtual card. A measurement, not a
/// timed assertion: it checks every answer and prints median and p99 (docs/test-fleet.md, "Latency: Nagle and delayed
/// ACK": ~87 µs median from C).
/// </summary>
[Collection(RealFleetCollection.Name)]
public sealed class TransmitRoundTripMeasurement(RealFleetFixture fixture, ITestOutputHelper output)
{
    private const int Warmup = 200;
    private const int Iterations = 2000;

    [Fact]
    public async Task Two_thousand_uid_requests_all_answer_and_their_round_trip_times_are_reported()
    {
        var fleet = fixture.Require();
        await using var inserted = await FleetCard.InsertAsync(fixture.Api, fleet.Layout.Reader(13), new StorageCard());
        using var context = PcscContext.Establish(fixture.Api);
        using var card = context.Connect(inserted.ReaderName);
        byte[] command = [0xFF, 0xCA, 0x00, 0x00, 0x00];
        var response = new byte[258];
        var samples = new double[Iterations];

        for (var i = 0; i < Warmup + Iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var received = card.Transmit(command, response);
            var elapsed = Stopwatch.GetElapsedTime(start);
            Assert.Equal(0x9000, Apdu.StatusWord(response[..received]));
            if (i >= Warmup)
            {
                samples[i - Warmup] = elapsed.TotalMicroseconds;
            }
        }

        Array.Sort(samples);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"SCardTransmit round trip over {Iterations} APDUs: median {samples[Iterations / 2]:0} µs, " +
            $"p99 {samples[(Iterations * 99 / 100) - 1]:0} µs, min {samples[0]:0} µs, max {samples[^1]:0} µs");
        output.WriteLine(line);
        fixture.Report(line);
    }
}
