using Akka.Actor;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Hosting;

/// <summary>What <see cref="SmartCardFleetHostingExtensions"/> starts: the reader manager over <see cref="Pcsc"/>, and
/// the plugin host when <see cref="Plugins"/> is set.</summary>
public sealed class SmartCardFleetOptions
{
    /// <summary>The PC/SC the readers talk to: the native client library (<see cref="PcscApi.CreateNative"/>) or a
    /// simulated one. Required.</summary>
    public IPcscApi? Pcsc { get; set; }

    /// <summary>Reader, restart, recovery and monitor settings of the reader manager.</summary>
    public StationSettings Station { get; set; } = new();

    /// <summary>The plugin host's settings; null starts no plugin host (a station of raw readers).</summary>
    public PluginHostSettings? Plugins { get; set; }

    /// <summary>Name of the reader manager under /user, registered in the ActorRegistry as <c>ReaderManager</c>.</summary>
    public string ReaderManagerName { get; set; } = "readers";

    /// <summary>Name of the plugin host under /user, registered in the ActorRegistry as <c>PluginHost</c>.</summary>
    public string PluginHostName { get; set; } = "plugins";

    /// <summary>Actors subscribed to every fleet event before the reader manager starts (see <see cref="FleetEventSubscriber"/>).</summary>
    public IList<FleetEventSubscriber> EventSubscribers { get; } = [];

    /// <summary>Checks every option and reports all problems at once, naming the option.</summary>
    /// <exception cref="ArgumentException">One or more options are invalid.</exception>
    public SmartCardFleetOptions Validate()
    {
        var problems = new List<string>();
        if (Pcsc is null)
        {
            problems.Add($"{nameof(Pcsc)} is required: the native PC/SC (PcscApi.CreateNative()) or a simulated one");
        }

        Check(problems, () => (Station ?? throw new ArgumentException($"{nameof(Station)} is required")).Validate());
        Check(problems, () => Plugins?.Validate());
        var names = new List<(string Option, string? Name)> { (nameof(ReaderManagerName), ReaderManagerName) };
        if (Plugins is not null)
        {
            names.Add((nameof(PluginHostName), PluginHostName));
        }

        names.AddRange(EventSubscribers.Select((s, i) => ($"{nameof(EventSubscribers)}[{i}].Name", s?.Name)));
        foreach (var (option, name) in names)
        {
            if (string.IsNullOrEmpty(name) || !ActorPath.IsValidPathElement(name))
            {
                problems.Add($"{option} '{name}' is not a valid actor name (no '/', no spaces, not starting with '$')");
            }
        }

        foreach (var clash in names.Where(n => !string.IsNullOrEmpty(n.Name)).GroupBy(n => n.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{string.Join(" and ", clash.Select(n => n.Option))} share the actor name '{clash.Key}'; each actor needs its own");
        }

        problems.AddRange(EventSubscribers.Select((s, i) => (s, i)).Where(e => e.s?.Props is null)
            .Select(e => $"{nameof(EventSubscribers)}[{e.i}] has no Props"));
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(SmartCardFleetOptions)}: {string.Join("; ", problems)}.");
        }

        return this;
    }

    /// <summary>The settings records validate themselves and throw on their first problem; that message is kept.</summary>
    private static void Check(List<string> problems, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            problems.Add(e.Message);
        }
    }
}
