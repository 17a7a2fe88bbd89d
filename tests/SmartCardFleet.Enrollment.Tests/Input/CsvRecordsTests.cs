using SmartCardFleet.Enrollment.Input;

namespace SmartCardFleet.Enrollment.Tests.Input;

public sealed class CsvRecordsTests
{
    private static (IReadOnlyList<CsvRecord> Records, InputErrors Errors) Read(string text, int maxRecords = 100)
    {
        var errors = new InputErrors();
        return (CsvRecords.Read(text, maxRecords, 16, errors, out _), errors);
    }

    [Fact]
    public void Quoted_values_hold_commas_doubled_quotes_and_line_breaks_and_both_line_ends_work()
    {
        var (records, errors) = Read("\uFEFFa,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\r\nlines\",plain\n");

        Assert.False(errors.Any);
        Assert.Equal(3, records.Count);
        Assert.Equal(["a", "b"], records[0].Fields);
        Assert.Equal(["x, y", "say \"hi\""], records[1].Fields);
        Assert.Equal(["two\r\nlines", "plain"], records[2].Fields);
        Assert.Equal(3, records[2].Line);
    }

    [Fact]
    public void Empty_lines_and_a_missing_final_newline_make_no_extra_records()
    {
        var (records, _) = Read("a\n\n1\r\n\r\n2");

        Assert.Equal(["a", "1", "2"], records.Select(r => r.Fields[0]));
        Assert.Equal(5, records[2].Line);
    }

    [Fact]
    public void An_empty_trailing_field_is_a_field()
    {
        var (records, _) = Read("a,b\n1,\n");

        Assert.Equal(["1", ""], records[1].Fields);
    }

    [Theory]
    [InlineData("a\nx\"y\n", "a quote inside an unquoted value")]
    [InlineData("a\n\"x\"y\n", "text after a closing quote")]
    [InlineData("a\n\"never closed\n", "never closed")]
    public void Malformed_quoting_is_an_error_naming_the_row_column_and_line(string text, string expected)
    {
        var (_, errors) = Read(text);

        var error = Assert.Single(errors.Reported);
        Assert.Equal(1, error.Row);
        Assert.Equal("a", error.Column);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_stops_after_the_bound_and_says_there_was_more()
    {
        var errors = new InputErrors();

        var records = CsvRecords.Read(string.Concat(Enumerable.Repeat("x\n", 50)), 10, 4, errors, out var more);

        Assert.Equal(10, records.Count);
        Assert.True(more);
    }

    [Fact]
    public void Only_the_bounded_number_of_fields_is_kept_but_all_are_counted()
    {
        var errors = new InputErrors();

        var record = Assert.Single(CsvRecords.Read(new string(',', 999), 10, 4, errors, out _));

        Assert.Equal(4, record.Fields.Count);
        Assert.Equal(1000, record.FieldCount);
    }
}
