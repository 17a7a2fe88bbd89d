using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Cluster.Topology;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Host.Api;

/// <summary>The optional filters of GET /api/readers, each an exact name: <see cref="Station"/>, <see cref="State"/> (a
/// <see cref="ReaderState"/> name or <see cref="Unreachable"/>) and <see cref="CardType"/> (as the reader's plugin names it).</summary>
public sealed record ReaderListFilter(string? Station, string? State, string? CardType)
{
    /// <summary>The state of a reader whose station the failure detector has lost (not a <see cref="ReaderState"/>: the
    /// reader itself was not asked).</summary>
    public const string Unreachable = "Unreachable";

    public static readonly ReaderListFilter None = new(null, null, null);

    /// <summary>Most characters of a card type filter (a plugin's card type is a short name).</summary>
    public const int MaxCardTypeLength = 200;

    public bool IncludesStation(string name) => Station is null || string.Equals(Station, name, StringComparison.Ordinal);

    public bool Includes(ReaderDto reader) =>
        (State is null || string.Equals(State, reader.State, StringComparison.Ordinal))
        && (CardType is null || string.Equals(CardType, reader.CardType, StringComparison.Ordinal));

    public static bool TryParse(string? station, string? state, string? cardType, out ReaderListFilter filter, out FieldProblem? problem)
    {
        filter = None;
        problem = null;
        if (station is not null && !StationNames.IsValid(station, out var invalid))
        {
            problem = new FieldProblem("station", $"station \"{Bounded.Echo(station)}\" {invalid}");
            return false;
        }

        if (state is not null && state != Unreachable && !Enum.GetNames<ReaderState>().Contains(state, StringComparer.Ordinal))
        {
            problem = new FieldProblem("state",
                $"state \"{Bounded.Echo(state)}\" is not one of {string.Join(", ", Enum.GetNames<ReaderState>())}, {Unreachable}");
            return false;
        }

        if (cardType is not null && (cardType.Length == 0 || cardType.Length > MaxCardTypeLength))
        {
            problem = new FieldProblem("cardType", $"cardType must be a card type name of 1..{MaxCardTypeLength} characters");
            return false;
        }

        filter = new ReaderListFilter(station, state, cardType);
        return true;
    }
}
