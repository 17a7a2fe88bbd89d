using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Plugins.Sessions;

/// <summary>Cuts a plugin's APDU sequence into as few <see cref="TransmitBatch"/> requests as the reader accepts
/// (at most <see cref="TransmitBatch.MaxCommands"/> APDUs and <see cref="TransmitBatch.MaxBytes"/> command bytes each),
/// keeping the order.</summary>
internal static class BatchLimits
{
    /// <returns>(first index, count) of each part, in order; nothing for an empty sequence.</returns>
    public static IEnumerable<(int Start, int Count)> Split(IReadOnlyList<byte[]> commands)
    {
        var start = 0;
        var bytes = 0L;
        for (var i = 0; i < commands.Count; i++)
        {
            var full = i - start == TransmitBatch.MaxCommands || bytes + commands[i].Length > TransmitBatch.MaxBytes;
            if (full && i > start)
            {
                yield return (start, i - start);
                start = i;
                bytes = 0;
            }

            bytes += commands[i].Length;
        }

        if (commands.Count > start)
        {
            yield return (start, commands.Count - start);
        }
    }
}
