using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Tests.Messaging;

/// <summary>A populated instance of any message record: every constructor parameter and settable property gets a
/// value that is not its default (a field dropped on the wire then shows as a difference), nested records recursively.</summary>
internal static class SampleMessages
{
    private static readonly DateTimeOffset When = new(2026, 12, 4, 15, 30, 45, 123, TimeSpan.FromHours(1));

    public static object Create(Type type) => Value(type, type.Name, 0)
        ?? throw new InvalidOperationException($"no sample for {type}");

    private static object? Value(Type type, string name, int depth)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Value(inner, name, depth);
        }

        return type switch
        {
            _ when type == typeof(string) => $"{name}-text",
            _ when type == typeof(bool) => true,
            _ when type == typeof(byte[]) => new byte[] { 0x3B, 0x8F, (byte)name.Length },
            _ when type.IsEnum => LastValue(type),
            _ when type == typeof(int) => 7,
            _ when type == typeof(uint) => 0x00010120u,
            _ when type == typeof(ushort) => (ushort)0x6A82,
            _ when type == typeof(long) => 1234567890123L,
            _ when type == typeof(double) => 1.25,
            _ when type == typeof(nint) => (nint)42,
            _ when type == typeof(Guid) => new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
            _ when type == typeof(TimeSpan) => TimeSpan.FromMilliseconds(1500.25),
            _ when type == typeof(DateTimeOffset) => When,
            _ when type == typeof(ReaderId) => new ReaderId("virtual-pcd-7"),
            _ when type == typeof(SessionId) => new SessionId(new Guid("11111111-2222-3333-4444-555555555555")),
            _ when type == typeof(TransactionId) => new TransactionId(new Guid("66666666-7777-8888-9999-aaaaaaaaaaaa")),
            _ when type == typeof(AtrPattern) => AtrPattern.Parse("3B8F8001804F0CA000000306030001000000006A", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FF"),
            _ when type == typeof(JsonObject) || type == typeof(JsonNode) => new JsonObject { ["uid"] = "01020304", ["blocks"] = new JsonArray(1, 2) },
            _ when type == typeof(object) => new Transmit([0x00, 0xA4, 0x04, 0x00], new TransactionId(Guid.NewGuid())),
            _ when ListElement(type) is { } element => List(element, name, depth),
            _ when type.IsClass && depth < 4 => Record(type, depth + 1),
            _ => throw new InvalidOperationException($"SampleMessages has no value for {type} ({name}); teach it one"),
        };
    }

    private static object LastValue(Type enumType)
    {
        var values = Enum.GetValues(enumType);
        return values.GetValue(values.Length - 1)!;
    }

    private static Type? ListElement(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IList<>)
                || definition == typeof(List<>) || definition == typeof(IEnumerable<>))
            ? type.GetGenericArguments()[0]
            : null;

    private static IList List(Type element, string name, int depth)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        list.Add(Value(element, name, depth));
        return list;
    }

    private static object Record(Type type, int depth)
    {
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Where(c => !c.GetParameters().Any(p => p.ParameterType == type))
            .OrderByDescending(c => c.GetParameters().Length)
            .First();
        var instance = constructor.Invoke([.. constructor.GetParameters().Select(p => Value(p.ParameterType, p.Name!, depth))]);
        var parameters = constructor.GetParameters().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.SetMethod is { IsPublic: true } && !parameters.Contains(p.Name)))
        {
            property.SetValue(instance, Value(property.PropertyType, property.Name, depth));
        }

        return instance;
    }
}
