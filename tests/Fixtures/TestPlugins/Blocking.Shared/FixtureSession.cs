using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.TestFixtures;

/// <summary>A session with a well-behaved "ping" (one SELECT of the fixture AID) and one misbehaving operation that runs
/// synchronously inside ExecuteAsync, before any await: the caller does not even get a task back.</summary>
public sealed class FixtureSession(ICardChannel channel, string misbehaving, Action misbehave) : ICardSession
{
    public Task<JsonNode?> ExecuteAsync(string operation, JsonObject arguments, CancellationToken cancellationToken)
    {
        if (operation == misbehaving)
        {
            misbehave();
        }

        return operation == "ping" ? PingAsync(cancellationToken) : throw CardOperationException.UnknownOperation(operation, ["ping", misbehaving]);
    }

    public Task OnCardResetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<JsonNode?> PingAsync(CancellationToken cancellationToken)
    {
        var response = await channel.TransmitAsync(new CommandApdu(0x00, 0xA4, 0x04, 0x00, BlockingFixture.Aid, ne: 256), cancellationToken);
        return new JsonObject { ["pong"] = response.IsSuccess };
    }
}
