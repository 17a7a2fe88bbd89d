using System.Text;
using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Text;

namespace SmartCardFleet.Host.Events;

/// <summary>What an event may weigh: every string in its data is capped at <see cref="Bounded.FieldLength"/>
/// characters (messages can quote what a client sent), and its size for the journal's byte budget is measured once,
/// when it is appended.</summary>
public static class EventFieldBounds
{
    // id, type, readerId and timestamp with their JSON names and quotes, roughly as the stream serialises them.
    private const int RecordOverhead = 96;

    /// <summary>Caps, in place, every string value in <paramref name="node"/> and below it.</summary>
    public static void Bound(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (Capped(obj[key]) is { } capped)
                    {
                        obj[key] = capped;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Capped(array[i]) is { } capped)
                    {
                        array[i] = capped;
                    }
                }

                break;
            default:
                break;
        }
    }

    /// <summary>The event's UTF-8 JSON size, plus its envelope.</summary>
    public static long Measure(FleetEventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Encoding.UTF8.GetByteCount(record.Data.ToJsonString()) + record.Type.Length + (record.ReaderId?.Length ?? 0)
            + (record.Station?.Length ?? 0) + RecordOverhead;
    }

    /// <summary>A replacement for a too-long string value; null when <paramref name="node"/> may stay (after bounding
    /// what is inside it).</summary>
    private static JsonValue? Capped(JsonNode? node)
    {
        if (node is JsonValue value && value.TryGetValue(out string? text))
        {
            return text.Length > Bounded.FieldLength ? JsonValue.Create(Bounded.Text(text)) : null;
        }

        Bound(node);
        return null;
    }
}
