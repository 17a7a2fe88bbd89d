using SmartCardFleet.VirtualCards.Cards.Scripted;

namespace SmartCardFleet.VirtualCards.Tests.Cards.Scripted;

/// <summary>Scripts the engine refuses, each with the line or field named, and the sizes it bounds.</summary>
public sealed class CardScriptParserTests
{
    private const string Select = """{ "when": "00 A4 04 00 *", "respond": "90 00" }""";

    [Theory]
    [InlineData("""{ "atr": "3B 02 14 50", "rules": [] """, "line 1, column")]
    [InlineData("[]", "(top level): must be a JSON object, not a list")]
    [InlineData("""{ "rules": [] }""", "atr: is missing")]
    [InlineData("""{ "atr": "3B 02 14", "rules": [] }""", "atr: \"3B 02 14\" is not a well-formed ATR: Truncated ATR")]
    [InlineData("""{ "atr": "3B 02 14 5", "rules": [] }""", "atr: \"3B 02 14 5\" is not hex")]
    [InlineData("""{ "atr": "3B 02 14 50" }""", "rules: is missing")]
    [InlineData("""{ "atr": "3B 02 14 50", "rules": {} }""", "rules: must be a list, not an object")]
    [InlineData("""{ "atr": "3B 02 14 50", "rules": [], "otherwize": "6D 00" }""", "otherwize: is not a field here; the fields are atr, rules, counters, otherwise")]
    [InlineData("""{ "atr": "3B 02 14 50", "rules": [ { "when": "00 A4 *", "respnd": "90 00" } ] }""", "rules[0].respnd: is not a field here")]
    [InlineData("""{ "atr": "3B 02 14 50", "rules": [ { "respond": "90 00" } ] }""", "rules[0].when: is missing")]
    [InlineData("""{ "atr": "3B 02 14 50", "rules": [ { "when": "00 A4 0", "respond": "90 00" } ] }""", "rules[0].when: \"00 A4 0\" is not a command pattern: the pattern ends in the middle of a byte")]
    [InlineData("""{ "atr": "3B 02 14 50", "rules": [ { "when": "", "respond": "90 00" } ] }""", "rules[0].when: is empty")]
    [InlineData("""{ "atr": "3B 02 14 50", "rules": [ { "when": "00 A4 *", "respond": "90" } ] }""", "rules[0].respond: is 1 bytes long; a response has 2")]
    [InlineData("""{ "atr": "3B 02 14 50", "rules": [ { "when": "00 A4 *", "respond": "{counter:n:4} 90 00" } ] }""", "rules[0].respond: shows the counter \"n\", which \"counters\" does not declare")]
    [InlineData("""{ "atr": "3B 02 14 50", "counters": { "n": 1 }, "rules": [ { "when": "00 A4 *", "respond": "{counter:n:9} 90 00" } ] }""", "rules[0].respond: {counter:n:9} shows the counter in 9 bytes")]
    [InlineData("""{ "atr": "3B 02 14 50", "rules": [ { "when": "00 A4 *", "respond": "{counter:n} 90 00" } ] }""", "rules[0].respond: \"{counter:n} 90 00\" holds a brace")]
    [InlineData("""{ "atr": "3B 02 14 50", "rules": [ { "when": "00 A4 *", "respond": "90 00", "increment": "n" } ] }""", "rules[0].increment: names the counter \"n\", which \"counters\" does not declare")]
    [InlineData("""{ "atr": "3B 02 14 50", "rules": [ { "when": "00 A4 *", "respond": "90 00", "select": "my app" } ] }""", "rules[0].select: \"my app\" is not an application name")]
    [InlineData("""{ "atr": "3B 02 14 50", "rules": [ { "when": "00 A4 *", "respond": "90 00", "onlyIn": 1 } ] }""", "rules[0].onlyIn: must be an application name (a string), not a number")]
    [InlineData("""{ "atr": "3B 02 14 50", "counters": { "n": -1 }, "rules": [] }""", "counters.n: must be a whole number from 0 to 2147483647, not -1")]
    [InlineData("""{ "atr": "3B 02 14 50", "counters": { "n": 1.5 }, "rules": [] }""", "counters.n: must be a whole number")]
    [InlineData("""{ "atr": "3B 02 14 50", "rules": [], "otherwise": "6D" }""", "otherwise: is 1 bytes long")]
    public void A_script_it_cannot_play_is_refused_naming_the_line_or_field_and_the_problem(string json, string message)
    {
        var refused = Assert.Throws<CardScriptException>(() => CardScriptParser.Parse(json));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_names_its_line()
    {
        var json = "{\n  \"atr\": \"3B 02 14 50\",\n  \"rules\": [\n    { \"when\": \"00 A4 *\" \"respond\": \"90 00\" }\n  ]\n}";

        var refused = Assert.Throws<CardScriptException>(() => CardScriptParser.Parse(json));

        Assert.StartsWith("line 4, column", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_are_bounded_at_256()
    {
        var rules = string.Join(", ", Enumerable.Repeat(Select, CardScript.MaxRules + 1));

        Assert.Equal(CardScript.MaxRules, CardScriptParser.Parse($$"""{ "atr": "3B 02 14 50", "rules": [{{string.Join(", ", Enumerable.Repeat(Select, CardScript.MaxRules))}}] }""").Rules.Count);
        Assert.Contains("has 257 rules; a card script has at most 256",
            Assert.Throws<CardScriptException>(() => CardScriptParser.Parse($$"""{ "atr": "3B 02 14 50", "rules": [{{rules}}] }""")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Responses_are_bounded_at_258_bytes_counters_included()
    {
        var data = string.Concat(Enumerable.Repeat("AA", 252));
        string Script(string respond) => $$"""{ "atr": "3B 02 14 50", "counters": { "n": 0 }, "rules": [ { "when": "*", "respond": "{{respond}}" } ] }""";

        Assert.Equal(258, CardScriptParser.Parse(Script($"{data} {{counter:n:4}} 90 00")).Rules[0].Respond.Length);
        Assert.Contains("rules[0].respond: is 259 bytes long",
            Assert.Throws<CardScriptException>(() => CardScriptParser.Parse(Script($"{data} {{counter:n:4}} 00 90 00"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ATR_is_bounded_at_33_bytes()
    {
        var atr = "3B 0F" + string.Concat(Enumerable.Repeat(" 00", 32));

        Assert.Contains("atr: has 34 bytes; an ATR has 2 to 33",
            Assert.Throws<CardScriptException>(() => CardScriptParser.Parse($$"""{ "atr": "{{atr}}", "rules": [] }""")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_does_not_exist_or_is_too_large_is_refused_naming_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"scf-no-such-script-{Guid.NewGuid():N}.json");
        var large = Path.GetTempFileName();
        try
        {
            File.WriteAllText(large, new string(' ', CardScript.MaxFileBytes + 1));

            Assert.Equal($"{missing}: no such file", Assert.Throws<CardScriptException>(() => CardScriptParser.Load(missing)).Message);
            Assert.Contains($"{large}: {CardScript.MaxFileBytes + 1} bytes; a card script has at most",
                Assert.Throws<CardScriptException>(() => CardScriptParser.Load(large)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(large);
        }
    }
}
