using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Tests.Security;

/// <summary>What the audit journal gets for each kind of request on a loopback station without tokens (who = local):
/// the reader, the card's ATR, redacted arguments, outcome and status. PINs never reach it.</summary>
public sealed class AuditRecordingTests : IAsyncLifetime
{
    /// <summary>A PIN no other byte sequence of these tests contains.</summary>
    private const string PinHex = "3731393337FFFFFF";
    private const string NewPinHex = "3532383634FFFFFF";
    private const string SecretArgument = "Qm7-secret-pin-20931";

    private readonly InMemoryAuditJournal _audit = new();
    private readonly TemporaryPluginDirectory _plugins = new("Echo");
    private StationUnderTest _station = null!;

    public async Task InitializeAsync() => _station = await StationUnderTest.StartAsync(readers: 4,
        overrides: new Dictionary<string, string?> { ["Station:Plugins:Directory"] = _plugins.Path },
        services: s => s.AddSingleton<IAuditJournal>(_audit).AddSingleton<IAuditReader>(_audit));

    public async Task DisposeAsync()
    {
        await _station.DisposeAsync();
        _plugins.Dispose();
    }

    [Fact]
    public async Task Verify_and_change_reference_data_are_audited_without_their_pin_bytes_and_with_the_cards_atr()
    {
        var reader = StationUnderTest.ReaderId(0);
        var card = VirtualCardCatalog.Create(VirtualCardCatalog.StorageCard);
        _station.Reader(0).Insert(card);
        await _station.WaitForStateAsync(0, "Attached");

        await _station.PostAsync($"/api/readers/{reader}/transmit", new { apdu = "0020008108" + PinHex });
        await _station.PostAsync($"/api/readers/{reader}/transmit", new { apdu = "0024008110" + PinHex + NewPinHex });
        await _station.PostAsync($"/api/readers/{reader}/transaction",
            new { apdus = new[] { "00A4040C08F05343464C454554", "0020008108" + PinHex } });

        var verify = await _audit.WaitForAsync(e => e.What?.Contains("00 20 00 81", StringComparison.Ordinal) == true
            && e.Action == "reader.transmit", "the VERIFY's entry");
        var change = await _audit.WaitForAsync(e => e.What?.Contains("00 24 00 81", StringComparison.Ordinal) == true, "the CHANGE REFERENCE DATA's entry");
        var transaction = await _audit.WaitForAsync(e => e.Action == "reader.transaction", "the transaction's entry");
        foreach (var entry in new[] { verify, change, transaction })
        {
            var text = string.Join('|', entry.What, entry.Detail, entry.CardAtr);
            Assert.DoesNotContain(PinHex, text.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(NewPinHex, text.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
            Assert.Contains("bytes redacted", entry.What, StringComparison.Ordinal);
            Assert.Equal((reader, "local"), (entry.Reader, entry.Who));
            Assert.Equal(Convert.ToHexString(card.Atr), entry.CardAtr);
        }

        Assert.Equal(2, JsonNode.Parse(transaction.What!)!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_plugin_operation_is_audited_with_its_secret_argument_redacted_by_the_descriptor()
    {
        var reader = StationUnderTest.ReaderId(1);
        _station.Reader(1).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await Eventually.TrueAsync(async () => (await _station.GetJsonAsync($"/api/readers/{reader}"))["plugin"] is not null,
            TimeSpan.FromSeconds(10), "the file-system card to be identified by the Echo plugin");

        var response = await _station.PostAsync($"/api/readers/{reader}/operations/echo",
            new { arguments = new { count = 42, label = "hello", pin = SecretArgument } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = await _audit.WaitForAsync(e => e.Action == "plugin.operation", "the operation's entry");
        Assert.DoesNotContain(SecretArgument, entry.What, StringComparison.Ordinal);
        var arguments = JsonNode.Parse(entry.What!)!["arguments"]!;
        Assert.Equal("***", arguments["pin"]!.GetValue<string>());
        Assert.Equal(42, arguments["count"]!.GetValue<int>());
        Assert.Equal("hello", arguments["label"]!.GetValue<string>());
        Assert.Equal((AuditOutcome.Succeeded, 200, (string?)null), (entry.Outcome, entry.Status, entry.Detail));
    }

    [Fact]
    public async Task Refusals_and_failures_are_told_apart_by_outcome_status_and_reason()
    {
        var empty = StationUnderTest.ReaderId(2);

        Assert.Equal(HttpStatusCode.BadRequest, (await _station.PostAsync($"/api/readers/{empty}/transmit", new { apdu = "00B0" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _station.PostAsync("/api/readers/no-such-reader/detach", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _station.PostAsync($"/api/readers/{empty}/transmit", new { apdu = "00A4040000" })).StatusCode);

        var badApdu = await _audit.WaitForAsync(e => e.Status == 400, "the bad APDU's entry");
        var unknown = await _audit.WaitForAsync(e => e.Status == 404, "the unknown reader's entry");
        var noCard = await _audit.WaitForAsync(e => e.Status == 409, "the entry of the transmit without a card");
        Assert.Equal((AuditOutcome.Refused, "Bad Request (apdu)", empty), (badApdu.Outcome, badApdu.Detail, badApdu.Reader));
        Assert.Equal((AuditOutcome.Refused, "reader.detach", "UnknownReader"), (unknown.Outcome, unknown.Action, unknown.Detail));
        Assert.Equal("no-such-reader", unknown.Reader);
        Assert.Equal((AuditOutcome.Failed, "NoCard", (string?)null), (noCard.Outcome, noCard.Detail, noCard.CardAtr));
        Assert.All(new[] { badApdu, unknown, noCard }, e => Assert.Equal("local", e.Who));
    }

    [Fact]
    public async Task Reads_are_not_audited()
    {
        await _station.GetJsonAsync("/api/readers");
        await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(3)}/detach", null);

        await _audit.WaitForAsync(e => e.Action == "reader.detach", "the detach's entry");
        Assert.Equal("reader.detach", Assert.Single(_audit.Entries).Action);
    }
}
