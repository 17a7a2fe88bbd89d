using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Tests.Messaging;

/// <summary>Every message type of the station, found by reflection rather than listed, so a new request, reply or event
/// is in the serializer specs the moment it exists: implementers of the typed request interfaces and their replies,
/// fleet events, and whatever carries a wire or local-only marker.</summary>
internal static class WireMessageCatalog
{
    private static readonly Type[] RequestInterfaces = [typeof(IReaderMessage<>), typeof(IFleetRequest<>), typeof(IPluginHostRequest<>)];

    public static IReadOnlyList<Type> All { get; } = Discover();

    public static Type Named(string fullName) => All.Single(t => t.FullName == fullName);

    public static TheoryData<string> Wire() => Data(t => !typeof(ILocalOnlyMessage).IsAssignableFrom(t));

    public static TheoryData<string> LocalOnly() => Data(typeof(ILocalOnlyMessage).IsAssignableFrom);

    private static TheoryData<string> Data(Func<Type, bool> keep)
    {
        var data = new TheoryData<string>();
        foreach (var type in All.Where(keep))
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    private static List<Type> Discover()
    {
        var found = new HashSet<Type>();
        var assemblies = new[] { typeof(ReaderFailure).Assembly, typeof(AtrPattern).Assembly };
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()).Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && RequestInterfaces.Contains(i.GetGenericTypeDefinition())))
            {
                found.Add(type);
                found.Add(contract.GetGenericArguments()[0]);
            }

            if (typeof(IFleetEvent).IsAssignableFrom(type) || typeof(IFleetWireMessage).IsAssignableFrom(type)
                || typeof(ILocalOnlyMessage).IsAssignableFrom(type))
            {
                found.Add(type);
            }
        }

        return [.. found.OrderBy(t => t.FullName, StringComparer.Ordinal)];
    }
}
