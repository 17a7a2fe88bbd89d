using SmartCardFleet.Host.Cli;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Cli;

/// <summary>`fleet vcard --script`: a script that cannot be played, or one given with --card, is a usage error (exit 2)
/// before anything connects, so no vpcd slot is needed here.</summary>
public sealed class VcardScriptOptionTests : IDisposable
{
    private readonly string _script = Path.Combine(Path.GetTempPath(), $"scf-card-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task A_script_it_cannot_play_exits_2_naming_the_file_the_field_and_the_problem()
    {
        await File.WriteAllTextAsync(_script, """{ "atr": "3B 02 14 50", "rules": [ { "when": "00 A4 *", "respond": "{counter:n:4} 90 00" } ] }""");

        var (exit, _, error) = await FleetProcess.RunAsync("vcard", "--port", "1", "--script", _script);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal($"fleet: bad card script {_script}: rules[0].respond: shows the counter \"n\", which \"counters\" does not declare", error.Trim());
    }

    [Fact]
    public async Task A_script_that_is_not_JSON_exits_2_naming_the_line()
    {
        await File.WriteAllTextAsync(_script, "{\n  \"atr\": \"3B 02 14 50\"\n  \"rules\": []\n}");

        var (exit, _, error) = await FleetProcess.RunAsync("vcard", "--port", "1", "--script", _script);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.StartsWith($"fleet: bad card script {_script}: line 3, column", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_script_exits_2()
    {
        var (exit, _, error) = await FleetProcess.RunAsync("vcard", "--port", "1", "--script", _script);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"{_script}: no such file", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--card", "nfc-type4")]
    [InlineData("--uid", "04A1B2C3")]
    public async Task Script_and_card_or_uid_exclude_each_other(string option, string value)
    {
        await File.WriteAllTextAsync(_script, """{ "atr": "3B 02 14 50", "rules": [] }""");

        var (exit, _, error) = await FleetProcess.RunAsync("vcard", "--port", "1", "--script", _script, option, value);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"--script and {option} exclude each other", error, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_script);
}
