using System.Buffers;
using BenchmarkDotNet.Attributes;

namespace SmartCardFleet.Benchmarks.Micro;

/// <summary>
/// The reader actor's per-Transmit receive buffer (CardWork.Transmit in Core/Readers): rent ReceiveBufferSize (65,538 bytes,
/// so the pool hands out 128 KiB) and return it with clearArray: true, which wipes all 128 KiB on every APDU —
/// against wiping only the bytes the card wrote. Sizes the part of the actor path that is not messaging.
/// </summary>
[MemoryDiagnoser]
public class ReceiveBufferBenchmarks
{
    private const int ReceiveBufferSize = 65538;
    private const int Received = 6; // GET DATA (UID): 4-byte UID + 90 00.

    [Benchmark(Baseline = true, Description = "rent 64 KiB+2, return with clearArray (as DoTransmit)")]
    public int RentReturnClearAll()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        buffer[0] = 0x04;
        ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        return buffer.Length;
    }

    [Benchmark(Description = "rent 64 KiB+2, clear only the received bytes")]
    public int RentReturnClearReceived()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        buffer[0] = 0x04;
        buffer.AsSpan(0, Received).Clear();
        ArrayPool<byte>.Shared.Return(buffer);
        return buffer.Length;
    }
}
