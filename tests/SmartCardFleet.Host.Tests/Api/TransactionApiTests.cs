using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using System.Text.Json.Nodes;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.Host.Tests.Support;

namespace SmartCardFleet.Host.Tests.Api;

public sealed class TransactionApiTests(SharedStation shared) : IClassFixture<SharedStation>
{
    private readonly StationUnderTest _station = shared.Station;

    [Fact]
    public async Task A_transaction_runs_every_apdu_in_order_and_leaves_the_reader_unlocked()
    {
        var reader = StationUnderTest.ReaderId(7);
        _station.Reader(7).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await _station.WaitForStateAsync(7, "Attached");

        // SELECT the application, READ BINARY of EF 5001 (SFI 1), a second read of 5 bytes.
        var response = await _station.PostAsync($"/api/readers/{reader}/transaction",
            new { apdus = new[] { "00A4040C08F05343464C454554", "00B0810005", "00B0000005" } });

        response.EnsureSuccessStatusCode();
        var responses = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["responses"]!.AsArray();
        Assert.Equal(3, responses.Count);
        Assert.All(responses, r => Assert.Equal("9000", r!["sw"]!.GetValue<string>()));
        Assert.Equal(Convert.ToHexString("Hello"u8), responses[1]!["response"]!.GetValue<string>());
        var status = await _station.GetJsonAsync($"/api/readers/{reader}");
        Assert.Equal("Attached", status["state"]!.GetValue<string>());
        Assert.Null(status["transactionHolder"]);
    }

    [Fact]
    public async Task A_bad_apdu_anywhere_in_the_list_is_400_before_anything_is_sent()
    {
        var response = await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(8)}/transaction",
            new { apdus = new[] { "00A4040000", "00B0" } });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "apdus[1]");
        Assert.Equal("apdus[1]", problem["field"]!.GetValue<string>());
        await ProblemAssert.IsAsync(await _station.PostAsync($"/api/readers/{StationUnderTest.ReaderId(8)}/transaction", new { apdus = Array.Empty<string>() }),
            HttpStatusCode.BadRequest, "1..256");
    }

    [Fact]
    public async Task When_the_card_leaves_during_a_transaction_the_failure_names_the_apdu_and_the_reader_is_not_locked()
    {
        var reader = StationUnderTest.ReaderId(9);
        var card = VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard);
        _station.Reader(9).Insert(card);
        await _station.WaitForStateAsync(9, "Attached");
        card.Faults.RemoveDuringNextCommand();

        var response = await _station.PostAsync($"/api/readers/{reader}/transaction",
            new { apdus = new[] { "00A4040C08F05343464C454554", "00B0810005" } });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(0, problem["failedIndex"]!.GetValue<int>());
        var status = await _station.GetJsonAsync($"/api/readers/{reader}");
        Assert.Null(status["transactionHolder"]);

        _station.Reader(9).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await _station.WaitForStateAsync(9, "Attached");
        (await _station.PostAsync($"/api/readers/{reader}/transmit", new { apdu = "00A4040C08F05343464C454554" })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_request_stuck_behind_another_holders_transaction_is_423_naming_the_holder()
    {
        var reader = StationUnderTest.ReaderId(10);
        _station.Reader(10).Insert(VirtualCardCatalog.Create(VirtualCardCatalog.FileSystemCard));
        await _station.WaitForStateAsync(10, "Attached");
        var manager = _station.App.Services.GetRequiredService<ActorRegistry>().Get<ReaderManager>();
        var begun = Assert.IsType<TransactionBegun>(await manager.Ask<object>(
            new ToReader(new ReaderId(reader), new BeginTransaction(TimeSpan.FromSeconds(10), "enrolment-batch-7")), TimeSpan.FromSeconds(5)));
        try
        {
            var response = await _station.PostAsync($"/api/readers/{reader}/transmit", new { apdu = "00A4040C08F05343464C454554" });

            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Locked, "enrolment-batch-7");
            Assert.Equal("BusyInTransaction", problem["reason"]!.GetValue<string>());
            Assert.Equal("enrolment-batch-7", problem["holder"]!.GetValue<string>());
        }
        finally
        {
            await manager.Ask<object>(new ToReader(new ReaderId(reader), new EndTransaction(begun.Transaction)), TimeSpan.FromSeconds(5));
        }
    }
}
