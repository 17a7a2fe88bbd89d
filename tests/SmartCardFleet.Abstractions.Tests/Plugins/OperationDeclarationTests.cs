using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Abstractions.Tests.Plugins;

/// <summary>Operations declared once: the manifest's descriptor registers the handler, and the catalog check finds drift.</summary>
public class OperationDeclarationTests
{
    private static readonly OperationDescriptor ReadBadge = new("read-badge", "Reads the badge number.");
    private static readonly OperationDescriptor Beep = new("beep", "Beeps.");

    [Fact]
    public async Task A_handler_registered_with_the_manifest_descriptor_runs_under_the_descriptor_name()
    {
        await using var session = new DeclaredSession(new ScriptedCardChannel("3B 02 14 50"), [ReadBadge]);

        var result = await session.ExecuteAsync("read-badge", [], CancellationToken.None);

        Assert.Equal("read-badge", result!.GetValue<string>());
        Assert.Equal(["read-badge"], session.OperationNames);
    }

    [Fact]
    public async Task When_the_session_registers_what_the_manifest_declares_there_is_no_mismatch()
    {
        await using var session = new DeclaredSession(new ScriptedCardChannel("3B 02 14 50"), [ReadBadge, Beep]);

        Assert.Empty(OperationCatalog.Mismatches(Manifest(ReadBadge, Beep), session));
    }

    [Fact]
    public async Task A_declared_operation_the_session_lacks_and_a_registered_one_the_manifest_lacks_are_both_named()
    {
        var extra = new OperationDescriptor("erase", "Not in the manifest.");
        await using var session = new DeclaredSession(new ScriptedCardChannel("3B 02 14 50"), [ReadBadge, extra]);

        var problems = OperationCatalog.Mismatches(Manifest(ReadBadge, Beep), session);

        Assert.Equal(
            [
                "declared in the manifest but not registered by the session: beep",
                "registered by the session but not declared in the manifest: erase",
            ],
            problems);
    }

    [Fact]
    public async Task A_session_that_does_not_list_its_operations_is_not_compared()
    {
        await using var session = new OpaqueSession();

        Assert.Empty(OperationCatalog.Mismatches(Manifest(ReadBadge), session));
    }

    [Fact]
    public async Task A_session_that_disagrees_is_disposed_and_refused_with_the_host_s_reason()
    {
        var session = new CountedSession(["read-badge", "erase"]);

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            OperationCatalog.RefuseOnMismatchAsync(Manifest(ReadBadge), session, reason => new InvalidOperationException(reason)));

        Assert.Equal("plugin org.example.sample 0.1.0 is refused: its operations are registered by the session but not declared in the manifest: erase",
            refusal.Message);
        Assert.Equal(1, session.Disposals);
    }

    [Fact]
    public async Task A_session_that_agrees_is_neither_disposed_nor_refused()
    {
        var session = new CountedSession(["read-badge"]);

        await OperationCatalog.RefuseOnMismatchAsync(Manifest(ReadBadge), session, reason => new InvalidOperationException(reason));

        Assert.Equal(0, session.Disposals);
    }

    private static PluginManifest Manifest(params OperationDescriptor[] operations) =>
        SamplePlugin.DefaultManifest with { Operations = operations };

    private sealed class DeclaredSession : Iso7816SessionBase
    {
        public DeclaredSession(ICardChannel channel, IEnumerable<OperationDescriptor> operations)
            : base(channel)
        {
            foreach (var operation in operations)
            {
                Operation(operation, (_, _) => Task.FromResult<JsonNode?>(operation.Name));
            }
        }
    }

    /// <summary>A session that lists its operations, and counts its disposals.</summary>
    private sealed class CountedSession(IReadOnlyCollection<string> names) : OpaqueSession, IRegisteredOperations
    {
        public IReadOnlyCollection<string> OperationNames => names;
    }

    private class OpaqueSession : ICardSession
    {
        public Task<JsonNode?> ExecuteAsync(string operation, JsonObject arguments, CancellationToken cancellationToken) =>
            Task.FromResult<JsonNode?>(null);

        public Task OnCardResetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public int Disposals { get; private set; }

        public ValueTask DisposeAsync()
        {
            Disposals++;
            return ValueTask.CompletedTask;
        }
    }
}
