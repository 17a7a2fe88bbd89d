using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Core.Tests.Messaging;

/// <summary>Equality by content: records compare property by property (their own Equals compares byte arrays and lists
/// by reference), sequences element by element, JSON nodes deeply.</summary>
internal static class StructuralAssert
{
    public static void Equal(object? expected, object? actual, string path = "$")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        if (expected is JsonNode node)
        {
            Assert.True(JsonNode.DeepEquals(node, actual as JsonNode), $"{path}: expected {node.ToJsonString()}, got {actual}");
            return;
        }

        var type = expected.GetType();
        Assert.True(type == actual.GetType(), $"{path}: expected a {type.Name}, got a {actual.GetType().Name}");
        if (expected is IEnumerable sequence and not string)
        {
            var left = sequence.Cast<object?>().ToList();
            var right = ((IEnumerable)actual).Cast<object?>().ToList();
            Assert.True(left.Count == right.Count, $"{path}: expected {left.Count} elements, got {right.Count}");
            for (var i = 0; i < left.Count; i++)
            {
                Equal(left[i], right[i], $"{path}[{i}]");
            }

            return;
        }

        if (!IsRecord(type))
        {
            Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            Equal(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
        }
    }

    /// <summary>A record class (the compiler gives it a <c>&lt;Clone&gt;$</c> method); record structs of ids compare by value.</summary>
    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;
}
