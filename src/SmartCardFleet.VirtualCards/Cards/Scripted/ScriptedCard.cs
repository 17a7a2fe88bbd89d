using SmartCardFleet.VirtualCards.Faults;

namespace SmartCardFleet.VirtualCards.Cards.Scripted;

/// <summary>
/// A card an author describes in JSON instead of C# (docs/card-scripts.md; <c>fleet vcard --script card.json</c>): its
/// ATR and "command pattern → response" rules, with a selected application and named counters as its only state.
/// </summary>
/// <remarks>
/// Rules are tried in order on the raw command bytes; the first whose pattern matches and whose <c>onlyIn</c> names
/// the selected application (or that has no <c>onlyIn</c>) answers: its counter is raised first, then the response
/// is built, then its <c>select</c> takes effect. No rule: the <c>otherwise</c> answer, and nothing changes. The
/// selection is volatile (a reset or power cycle clears it); counters are the card's memory and keep their values.
/// No GET RESPONSE or 6Cxx handling of its own (unlike <see cref="VirtualCardBase"/>): the card answers exactly what a
/// rule says, so a script may play 61xx chaining with rules for GET RESPONSE itself.
/// </remarks>
public sealed class ScriptedCard : IVirtualCard
{
    private readonly Lock _sync = new();
    private readonly CardScript _script;
    private readonly Dictionary<string, long> _counters;
    private string? _selected;

    public ScriptedCard(CardScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        _script = script;
        _counters = new Dictionary<string, long>(script.Counters, StringComparer.Ordinal);
    }

    /// <summary>The scripted card of a JSON file.</summary>
    /// <exception cref="CardScriptException">The file is missing or not a valid script.</exception>
    public static ScriptedCard Load(string path) => new(CardScriptParser.Load(path));

    /// <summary>The scripted card of a JSON text.</summary>
    /// <exception cref="CardScriptException">Not a valid script.</exception>
    public static ScriptedCard Parse(string json) => new(CardScriptParser.Parse(json));

    public string CardType => "scripted";

    public byte[] Atr => (byte[])_script.Atr.Clone();

    public CardFaults Faults { get; } = new();

    /// <summary>The application the last <c>select</c> rule chose, or null after a reset.</summary>
    public string? SelectedApplication
    {
        get
        {
            lock (_sync)
            {
                return _selected;
            }
        }
    }

    /// <summary>A counter's current value.</summary>
    /// <exception cref="KeyNotFoundException">The script declares no such counter.</exception>
    public long Counter(string name)
    {
        lock (_sync)
        {
            return _counters[name];
        }
    }

    public byte[] Process(ReadOnlySpan<byte> commandApdu)
    {
        lock (_sync)
        {
            foreach (var rule in _script.Rules)
            {
                if ((rule.OnlyIn is null || rule.OnlyIn == _selected) && rule.When.Matches(commandApdu))
                {
                    return Answer(rule);
                }
            }

            return (byte[])_script.Otherwise.Clone();
        }
    }

    public void PowerOn() => Deselect();

    public void PowerOff() => Deselect();

    public void Reset() => Deselect();

    private byte[] Answer(CardScriptRule rule)
    {
        if (rule.Increment is { } counter)
        {
            _counters[counter] = _counters[counter] + 1;
        }

        var response = rule.Respond.Render(_counters);
        if (rule.Select is { } application)
        {
            _selected = application;
        }

        return response;
    }

    private void Deselect()
    {
        lock (_sync)
        {
            _selected = null;
        }
    }
}
