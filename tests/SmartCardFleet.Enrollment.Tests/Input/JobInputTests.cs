using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Enrollment.Input;
using SmartCardFleet.Enrollment.Jobs;

namespace SmartCardFleet.Enrollment.Tests.Input;

public sealed class JobInputTests
{
    /// <summary>An operation with an argument of every type a CSV can carry.</summary>
    private static readonly OperationInfo Personalise = new("personalise", "test",
    [
        new OperationFieldInfo("name", FieldType.String, "", true),
        new OperationFieldInfo("count", FieldType.Integer, "", true),
        new OperationFieldInfo("enabled", FieldType.Boolean, "", false),
        new OperationFieldInfo("data", FieldType.Hex, "", false),
        new OperationFieldInfo("pin", FieldType.Secret, "", false),
        new OperationFieldInfo("extra", FieldType.Object, "", false),
        new OperationFieldInfo("tags", FieldType.Array, "", false),
    ], []);

    private static JobInputResult Csv(string text) => JobInput.FromCsv(Personalise, text);

    private static InputError SingleError(JobInputResult result)
    {
        Assert.False(result.IsValid);
        Assert.Empty(result.Rows);
        return Assert.Single(result.Errors.Reported);
    }

    [Fact]
    public void A_csv_becomes_typed_rows_with_their_ids_or_row_numbers()
    {
        var result = Csv("rowId,name,count,enabled,data,pin,extra,tags\r\n" +
            "alice,Alice,1,true,01 02,1234,\"{\"\"a\"\":1}\",[1]\n" +
            ",Bob,-2,FALSE,,,,\n");

        Assert.True(result.IsValid, result.Errors.Summary());
        Assert.Equal(["alice", "2"], result.Rows.Select(r => r.RowId));
        var alice = result.Rows[0].Arguments;
        Assert.Equal("Alice", alice["name"]!.GetValue<string>());
        Assert.Equal(1, alice["count"]!.GetValue<long>());
        Assert.True(alice["enabled"]!.GetValue<bool>());
        Assert.Equal("01 02", alice["data"]!.GetValue<string>());
        Assert.Equal("1234", alice["pin"]!.GetValue<string>());
        Assert.Equal(1, alice["extra"]!["a"]!.GetValue<int>());
        Assert.Single(alice["tags"]!.AsArray());
        var bob = result.Rows[1].Arguments;
        Assert.Equal(-2, bob["count"]!.GetValue<long>());
        Assert.False(bob["enabled"]!.GetValue<bool>());
        Assert.False(bob.ContainsKey("data"), "an empty cell is an absent optional argument");
    }

    [Fact]
    public void A_missing_required_column_is_named_before_any_row()
    {
        var error = SingleError(Csv("name\nAlice\n"));

        Assert.Null(error.Row);
        Assert.Equal("count", error.Column);
        Assert.Contains("required column count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_column_is_named_with_the_columns_there_are()
    {
        var error = SingleError(Csv("name,count,colour\nAlice,1,red\n"));

        Assert.Null(error.Row);
        Assert.Equal("colour", error.Column);
        Assert.Contains("name, count, enabled (optional)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_named_twice_is_refused()
    {
        Assert.Contains("twice", SingleError(Csv("name,count,name\nA,1,B\n")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name,count\nAlice,one\n", "count", "\"one\" is not an integer")]
    [InlineData("name,count,enabled\nAlice,1,yes\n", "enabled", "\"yes\" is not true or false")]
    [InlineData("name,count,data\nAlice,1,0G\n", "data", "\"0G\" is not hex")]
    [InlineData("name,count,extra\nAlice,1,[1]\n", "extra", "is not a JSON object")]
    [InlineData("name,count,tags\nAlice,1,{}\n", "tags", "is not a JSON array")]
    [InlineData("name,count\nAlice,\n", "count", "required argument count (Integer) has no value")]
    public void A_wrong_value_names_its_row_and_column(string csv, string column, string expected)
    {
        var error = SingleError(Csv(csv));

        Assert.Equal(1, error.Row);
        Assert.Equal(column, error.Column);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_is_reported_with_its_row_not_only_the_first()
    {
        var result = Csv("name,count\nA,1\nB,x\nC,2\nD,y\n");

        Assert.Equal([(2, "count"), (4, "count")], result.Errors.Reported.Select(e => (e.Row!.Value, e.Column!)));
    }

    [Fact]
    public void Errors_are_listed_up_to_the_bound_and_all_are_counted()
    {
        var csv = "name,count\n" + string.Concat(Enumerable.Range(0, 500).Select(i => $"n{i},x\n"));

        var result = Csv(csv);

        Assert.Equal(InputErrors.MaxReported, result.Errors.Reported.Count);
        Assert.Equal(500, result.Errors.Total);
        Assert.Contains("500 errors", result.Errors.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_value_is_never_quoted_in_an_error()
    {
        var personalise = Personalise with
        {
            Arguments = [.. Personalise.Arguments, new OperationFieldInfo("adminKey", FieldType.Integer, "", false)],
        };
        var result = JobInput.FromCsv(personalise, "name,count,pin,adminKey\nAlice,1," + new string('9', 3000) + ",TOPSECRET\n");

        Assert.Equal(["pin", "adminKey"], result.Errors.Reported.Select(e => e.Column));
        Assert.DoesNotContain(result.Errors.Reported, e => e.Message.Contains("999", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Errors.Reported, e => e.Message.Contains("TOPSECRET", StringComparison.Ordinal));
    }

    [Fact]
    public void An_over_long_value_is_refused_with_its_length_and_a_bounded_echo_elsewhere()
    {
        var error = SingleError(Csv($"name,count\n{new string('a', ArgumentValues.MaxValueLength + 1)},1\n"));

        Assert.Equal("name", error.Column);
        Assert.Contains($"{ArgumentValues.MaxValueLength + 1} characters", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 200);
    }

    [Fact]
    public void An_over_long_row_is_refused_as_a_whole()
    {
        var personalise = Personalise with
        {
            Arguments = [.. Enumerable.Range(0, 10).Select(i => new OperationFieldInfo($"f{i}", FieldType.String, "", true))],
        };
        var cells = string.Join(',', Enumerable.Repeat(new string('x', 2000), 10));

        var error = SingleError(JobInput.FromCsv(personalise, string.Join(',', Enumerable.Range(0, 10).Select(i => $"f{i}")) + "\n" + cells));

        Assert.Equal(1, error.Row);
        Assert.Null(error.Column);
        Assert.Contains($"at most {JobInput.MaxRowLength}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_row_id_names_the_later_row()
    {
        var error = SingleError(Csv("rowId,name,count\na,A,1\nb,B,1\na,C,1\n"));

        Assert.Equal((3, RowIds.Column), (error.Row, error.Column));
        Assert.Contains("\"a\" is used by an earlier row", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("é")]
    public void A_row_id_outside_the_rule_is_refused(string id)
    {
        var error = SingleError(Csv($"rowId,name,count\n{id},A,1\n"));

        Assert.Equal(RowIds.Column, error.Column);
        Assert.Contains(RowIds.Rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_id_longer_than_the_bound_is_refused()
    {
        Assert.Equal(RowIds.Column, SingleError(Csv($"rowId,name,count\n{new string('a', RowIds.MaxLength + 1)},A,1\n")).Column);
        Assert.True(Csv($"rowId,name,count\n{new string('a', RowIds.MaxLength)},A,1\n").IsValid);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_values_names_its_line()
    {
        var error = SingleError(Csv("name,count\nA,1,extra\n"));

        Assert.Equal(1, error.Row);
        Assert.Contains("line 2 has 3 values; the header names 2 columns", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the CSV is empty")]
    [InlineData("\uFEFF\r\n", "the CSV is empty")]
    [InlineData("name,count\n", "no rows")]
    public void An_empty_input_is_refused(string csv, string expected)
    {
        Assert.Contains(expected, SingleError(Csv(csv)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_rows_than_a_job_holds_are_refused_without_checking_them()
    {
        var csv = "name,count\n" + string.Concat(Enumerable.Repeat("A,x\n", JobDefinition.MaxRows + 1));

        var error = SingleError(Csv(csv));

        Assert.Null(error.Row);
        Assert.Contains($"at most {JobDefinition.MaxRows}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_rows_are_checked_by_type_and_get_row_numbers_as_ids()
    {
        var result = JobInput.FromRows(Personalise,
        [
            new InputRow(null, new JsonObject { ["name"] = "A", ["count"] = 1, ["enabled"] = null }),
            new InputRow("b", new JsonObject { ["name"] = "B", ["count"] = 2, ["tags"] = new JsonArray(1, 2) }),
        ]);

        Assert.True(result.IsValid, result.Errors.Summary());
        Assert.Equal(["1", "b"], result.Rows.Select(r => r.RowId));
        Assert.False(result.Rows[0].Arguments.ContainsKey("enabled"), "null is an absent optional argument");
    }

    [Theory]
    [InlineData("{\"name\":1,\"count\":1}", "name", "expected a JSON string")]
    [InlineData("{\"name\":\"A\",\"count\":1.5}", "count", "expected a JSON integer")]
    [InlineData("{\"name\":\"A\",\"count\":\"1\"}", "count", "expected a JSON integer")]
    [InlineData("{\"name\":\"A\",\"count\":1,\"enabled\":\"true\"}", "enabled", "expected true or false")]
    [InlineData("{\"name\":\"A\",\"count\":1,\"colour\":\"red\"}", "colour", "has no argument colour")]
    [InlineData("{\"name\":\"A\"}", "count", "has no value")]
    [InlineData("{\"name\":\"A\",\"count\":1,\"pin\":1234}", "pin", "expected a JSON string")]
    public void A_wrong_json_argument_names_its_row_and_argument(string arguments, string column, string expected)
    {
        var result = JobInput.FromRows(Personalise,
            [new InputRow(null, new JsonObject { ["name"] = "ok", ["count"] = 1 }), new InputRow(null, JsonNode.Parse(arguments)!.AsObject())]);

        var error = SingleError(result);
        Assert.Equal((2, column), (error.Row, error.Column));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("1234", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_json_rows_is_an_error()
    {
        Assert.Contains("no rows", SingleError(JobInput.FromRows(Personalise, [])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_count_makes_that_many_rows_of_the_same_checked_arguments()
    {
        var result = JobInput.FromCount(Personalise, 3, new JsonObject { ["name"] = "A", ["count"] = 7 });

        Assert.True(result.IsValid);
        Assert.Equal(["1", "2", "3"], result.Rows.Select(r => r.RowId));
        Assert.All(result.Rows, r => Assert.Equal("7", r.Arguments["count"]!.ToJsonString()));
        Assert.NotSame(result.Rows[0].Arguments, result.Rows[1].Arguments);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(JobDefinition.MaxRows + 1)]
    public void A_count_outside_the_bounds_is_refused(int count)
    {
        var error = SingleError(JobInput.FromCount(Personalise, count, new JsonObject { ["name"] = "A", ["count"] = 7 }));

        Assert.Equal("count", error.Column);
    }

    [Fact]
    public void Count_arguments_are_checked_once_without_a_row()
    {
        var error = SingleError(JobInput.FromCount(Personalise, 5, new JsonObject { ["name"] = "A" }));

        Assert.Equal((null, "count"), (error.Row, error.Column));
    }
}
