using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Api;
using SmartCardFleet.Host.Cli;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Security;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Tests.Security;

/// <summary>`fleet audit` (table, paging hint, --csv, a bad filter) against a station with known records, and
/// `fleet token new|hash`, as separate processes.</summary>
public sealed class SecurityCliTests : IAsyncLifetime
{
    private readonly InMemoryAuditJournal _audit = new();
    private StationUnderTest _station = null!;

    private string Url => _station.BaseAddress.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        var time = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        foreach (var (who, action) in new[] { ("kiosk-1", "reader.transmit"), ("kiosk-1", "reader.attach"), ("admin", "plugin.reload"), ("kiosk-1", "reader.detach") })
        {
            _audit.Record(new AuditEntry(time, "station-a", "r-1", null, null, who, action, "{\"x\":1}", AuditOutcome.Succeeded, 200, null));
            time = time.AddMinutes(1);
        }

        _station = await StationUnderTest.StartAsync(readers: 1,
            services: s => s.AddSingleton<IAuditJournal>(_audit).AddSingleton<IAuditReader>(_audit));
    }

    public async Task DisposeAsync() => await _station.DisposeAsync();

    [Fact]
    public async Task Audit_prints_a_filtered_page_newest_first_with_the_next_page_hint()
    {
        var (exit, table, error) = await FleetProcess.RunAsync("audit", "--who", "kiosk-1", "--limit", "2", "--url", Url);

        Assert.True(exit == ExitCodes.Ok, error);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^ID\s+TIME\s+STATION\s+READER\s+WHO\s+ACTION\s+OUTCOME\s+STATUS\s+DETAIL\s+WHAT$", lines[0]);
        Assert.Matches(@"^4\s.*kiosk-1\s+reader\.detach\s+Succeeded\s+200\s+-\s+\{""x"":1\}$", lines[1]);
        Assert.Matches(@"^2\s.*reader\.attach", lines[2]);
        Assert.Equal("more: fleet audit --before 2 (with the same filters)", lines[3]);
    }

    [Fact]
    public async Task Audit_csv_writes_the_export_and_a_bad_filter_is_refused_naming_it()
    {
        var (exit, csv, error) = await FleetProcess.RunAsync("audit", "--csv", "--action", "plugin.reload", "--url", Url);
        var (badExit, _, badError) = await FleetProcess.RunAsync("audit", "--outcome", "Done", "--url", Url);

        Assert.True(exit == ExitCodes.Ok, error);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(AuditCsv.Header, lines[0]);
        Assert.StartsWith("3,", Assert.Single(lines[1..]), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, badExit);
        Assert.Contains("outcome", badError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_new_prints_a_random_token_once_and_the_entry_that_accepts_it()
    {
        var (exit, output, error) = await FleetProcess.RunAsync("token", "new", "kiosk-7", "--role", "operator");
        var (again, second, _) = await FleetProcess.RunAsync("token", "new", "kiosk-7", "--role", "Operator");

        Assert.True(exit == ExitCodes.Ok && again == ExitCodes.Ok, error);
        var token = output.Split('\n')[0]["token: ".Length..].Trim();
        Assert.True(token.Length >= 43, token);
        Assert.NotEqual(token, second.Split('\n')[0]["token: ".Length..].Trim());
        var entry = JsonNode.Parse(output.Split('\n').Single(l => l.StartsWith('{')))!;
        Assert.Equal(("kiosk-7", "Operator"), (entry["Name"]!.GetValue<string>(), entry["Role"]!.GetValue<string>()));
        var check = new ApiTokenCheck(Options.Create(new HttpOptions
        {
            Tokens = [new ApiTokenOptions { Name = "kiosk-7", Hash = entry["Hash"]!.GetValue<string>(), Role = "Operator" }],
        }));
        Assert.Equal(new FleetCaller("kiosk-7", FleetRole.Operator), check.Identify(token));
    }

    [Theory]
    [InlineData("bad name", "Admin", "name")]
    [InlineData("local", "Admin", "reserved")]
    [InlineData("kiosk", "Root", "--role")]
    public async Task Token_new_refuses_a_bad_name_or_role(string name, string role, string expected)
    {
        var (exit, output, error) = await FleetProcess.RunAsync("token", "new", name, "--role", role);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("token:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_hash_reads_the_token_from_stdin()
    {
        var (exit, output, error) = await FleetProcess.RunWithInputAsync("an-existing-token-0123456789-abcdef\n", "token", "hash");
        var (emptyExit, _, _) = await FleetProcess.RunWithInputAsync("", "token", "hash");

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Equal(TokenHash.Format("an-existing-token-0123456789-abcdef"), output.Trim());
        Assert.Equal(ExitCodes.Usage, emptyExit);
    }

    [Fact]
    public async Task Token_hash_refuses_a_token_short_enough_to_be_guessed_from_its_hash()
    {
        var shortToken = new string('k', TokenCommands.MinTokenLength - 1);
        var (exit, output, error) = await FleetProcess.RunWithInputAsync(shortToken + "\n", "token", "hash");
        var (longExit, _, longError) = await FleetProcess.RunWithInputAsync(shortToken + "k\n", "token", "hash");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"at least {TokenCommands.MinTokenLength}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("sha256:", output, StringComparison.Ordinal);
        Assert.True(longExit == ExitCodes.Ok, longError);
    }
}
