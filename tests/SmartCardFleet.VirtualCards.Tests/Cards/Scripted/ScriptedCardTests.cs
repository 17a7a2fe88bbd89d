using System.Text.RegularExpressions;
using SmartCardFleet.VirtualCards.Cards.Scripted;

namespace SmartCardFleet.VirtualCards.Tests.Cards.Scripted;

/// <summary>How a scripted card answers: rule order, the selected application, counters, otherwise, resets.</summary>
public sealed class ScriptedCardTests
{
    private static readonly Regex JsonBlock = new("```json\\n(?<json>.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant);
    private static readonly byte[] SelectBadge = Hex.Bytes("00A4040009F0434F4E544F534F0100");
    private static readonly byte[] ReadBadge = Hex.Bytes("80CA000100");
    private static readonly byte[] ReadCount = Hex.Bytes("80CA000200");

    /// <summary>The example of docs/card-scripts.md, read from the doc so the doc cannot drift from the engine.</summary>
    internal static string DocumentedBadgeScript()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "card-scripts.md"));
        return JsonBlock.Match(doc) is { Success: true } block ? block.Groups["json"].Value : throw new InvalidOperationException("docs/card-scripts.md has no ```json block");
    }

    [Fact]
    public void The_documented_badge_card_answers_as_its_table_says()
    {
        var card = ScriptedCard.Parse(DocumentedBadgeScript());

        Assert.Equal("3B80800101", Hex.Of(card.Atr));
        Assert.Equal("6985", Hex.Of(card.Process(ReadBadge)));
        Assert.Equal("6A82", Hex.Of(card.Process(Hex.Bytes("00A4040007D276000085010100"))));
        Assert.Equal("9000", Hex.Of(card.Process(SelectBadge)));
        Assert.Equal("000004D29000", Hex.Of(card.Process(ReadBadge)));
        Assert.Equal("00019000", Hex.Of(card.Process(ReadCount)));
        Assert.Equal("6D00", Hex.Of(card.Process(Hex.Bytes("00B0000000"))));
    }

    [Fact]
    public void The_first_rule_that_matches_answers_so_a_specific_rule_written_first_wins_over_a_general_one()
    {
        var card = ScriptedCard.Parse("""
            { "atr": "3B 02 14 50", "rules": [
                { "when": "00 B0 00 00 ??", "respond": "01 90 00" },
                { "when": "00 B0 *", "respond": "02 90 00" } ] }
            """);

        Assert.Equal("019000", Hex.Of(card.Process(Hex.Bytes("00B0000010"))));
        Assert.Equal("029000", Hex.Of(card.Process(Hex.Bytes("00B0000110"))));
        Assert.Equal("029000", Hex.Of(card.Process(Hex.Bytes("00B00000"))));
    }

    [Fact]
    public void An_increment_shows_the_new_value_and_counters_survive_a_reset_while_the_selection_does_not()
    {
        var card = ScriptedCard.Parse(DocumentedBadgeScript());
        card.Process(SelectBadge);
        card.Process(ReadBadge);
        card.Process(ReadBadge);

        card.Reset();

        Assert.Null(card.SelectedApplication);
        Assert.Equal("6985", Hex.Of(card.Process(ReadCount)));
        card.Process(SelectBadge);
        Assert.Equal("00029000", Hex.Of(card.Process(ReadCount)));
        Assert.Equal(2, card.Counter("reads"));
    }

    [Fact]
    public void A_counter_larger_than_its_bytes_sends_its_lowest_bytes_big_endian()
    {
        var card = ScriptedCard.Parse("""
            { "atr": "3B 02 14 50", "counters": { "n": 65535 },
              "rules": [ { "when": "80 01 00 00", "increment": "n", "respond": "{counter:n:2} {counter:n:3} 90 00" } ] }
            """);

        Assert.Equal("0000010000" + "9000", Hex.Of(card.Process(Hex.Bytes("80010000"))));
    }

    [Fact]
    public void A_command_no_rule_takes_gets_otherwise_and_changes_nothing_and_the_default_otherwise_is_6D00()
    {
        var card = ScriptedCard.Parse("""
            { "atr": "3B 02 14 50", "counters": { "n": 7 },
              "rules": [ { "when": "00 A4 04 00 01 A1", "select": "a", "respond": "90 00" },
                         { "when": "80 01 00 00", "onlyIn": "b", "increment": "n", "respond": "90 00" } ] }
            """);
        card.Process(Hex.Bytes("00A4040001A1"));

        Assert.Equal("6D00", Hex.Of(card.Process(Hex.Bytes("80010000"))));
        Assert.Equal(("a", 7L), (card.SelectedApplication, card.Counter("n")));
        Assert.Equal("6D00", Hex.Of(card.Process([0x00])));
    }
}
