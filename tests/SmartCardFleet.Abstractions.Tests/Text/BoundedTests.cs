using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Abstractions.Text;

namespace SmartCardFleet.Abstractions.Tests.Text;

public class BoundedTests
{
    [Fact]
    public void Text_within_the_cap_is_returned_unchanged()
    {
        Assert.Equal("abc", Bounded.Text("abc", 3));
        Assert.Null(Bounded.Text(null, 3));
    }

    [Fact]
    public void Longer_text_keeps_its_start_and_says_how_much_was_left_out()
    {
        Assert.Equal("abc…(7 more characters)", Bounded.Text("abcdefghij", 3));
    }

    [Fact]
    public void A_surrogate_pair_at_the_cut_is_never_split()
    {
        var capped = Bounded.Text("ab\U0001F600cd", 3);

        Assert.Equal("ab…(4 more characters)", capped);
    }

    [Fact]
    public void Invalid_hex_of_any_size_is_quoted_only_by_its_start()
    {
        var huge = "zz" + new string('A', 100_000);

        var invalid = Assert.Throws<FormatException>(() => Hex.Parse(huge));
        var odd = Assert.Throws<FormatException>(() => Hex.Parse(new string('A', 100_001)));

        Assert.InRange(invalid.Message.Length, 1, 300);
        Assert.Contains("position 0", invalid.Message, StringComparison.Ordinal);
        Assert.InRange(odd.Message.Length, 1, 300);
        Assert.Contains("more characters", odd.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Argument_and_operation_errors_quote_a_client_value_only_by_its_start()
    {
        var arguments = new OperationArguments(new JsonObject
        {
            ["number"] = JsonNode.Parse("1" + new string('0', 100_000)),
            ["hex"] = "zz" + new string('A', 100_000),
        });

        var number = Assert.Throws<CardOperationException>(() => arguments.GetInt32("number"));
        var hex = Assert.Throws<CardOperationException>(() => arguments.GetHex("hex"));
        var operation = CardOperationException.UnknownOperation(new string('x', 100_000), ["read"]);

        Assert.InRange(number.Message.Length, 1, 300);
        Assert.InRange(hex.Message.Length, 1, 400);
        Assert.InRange(operation.Message.Length, 1, 300);
    }
}
