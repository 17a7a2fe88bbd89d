using SmartCardFleet.Storage.Audit;
using SmartCardFleet.Storage.Tests.Support;

namespace SmartCardFleet.Storage.Tests;

public sealed class AuditCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("line\nfeed", "\"line\nfeed\"")]
    [InlineData(null, "")]
    [InlineData("", "")]
    public void A_cell_is_quoted_as_RFC_4180_says(string? value, string expected) => Assert.Equal(expected, AuditCsv.Cell(value));

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("a=b", "a=b")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe(string value, string expected) =>
        Assert.Equal(expected, AuditCsv.Cell(value));

    [Fact]
    public async Task An_export_is_a_header_and_one_CRLF_line_per_record_in_order()
    {
        var entry = new AuditEntry(Entries.Start.AddTicks(1_234_560), "station-a", null, "3B00", null, "=cmd", "reader.transmit",
            "{\"apdu\":\"00A4,0400\"}", AuditOutcome.Failed, 409, "card \"removed\"");
        using var text = new StringWriter();

        var count = await AuditCsv.WriteAsync(text, new[] { new AuditRecord(7, entry), new AuditRecord(8, entry with { Who = "bob" }) }.ToAsyncEnumerable(),
            CancellationToken.None);

        Assert.Equal(2, count);
        Assert.Equal(
            AuditCsv.Header + "\r\n" +
            "7,2026-01-01T00:00:00.123456Z,station-a,,3B00,,'=cmd,reader.transmit,\"{\"\"apdu\"\":\"\"00A4,0400\"\"}\",Failed,409,\"card \"\"removed\"\"\"\r\n" +
            "8,2026-01-01T00:00:00.123456Z,station-a,,3B00,,bob,reader.transmit,\"{\"\"apdu\"\":\"\"00A4,0400\"\"}\",Failed,409,\"card \"\"removed\"\"\"\r\n",
            text.ToString());
    }
}
