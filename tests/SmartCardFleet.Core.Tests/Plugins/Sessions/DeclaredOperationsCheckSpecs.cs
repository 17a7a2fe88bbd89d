using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Plugins.Sessions;
using SmartCardFleet.Core.Tests.Plugins.Support;

namespace SmartCardFleet.Core.Tests.Plugins.Sessions;

/// <summary>The host refuses a plugin whose session executes other operations than its manifest declares.</summary>
public sealed class DeclaredOperationsCheckSpecs
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly CardWorkFakes _card = new();

    [Fact]
    public async Task A_plugin_whose_session_and_manifest_disagree_is_refused_with_both_sides_named_and_the_next_plugin_gets_the_card()
    {
        var session = new ListingSession("read-badge", "erase");
        var drifted = CardWorkFakes.Plugin("org.test.drifted", open: () => session, operations: ["read-badge", "beep"]);
        var fallback = CardWorkFakes.Plugin("org.test.iso");

        var state = await Run(new PluginCandidate(drifted, false), new PluginCandidate(fallback, false));

        Assert.Equal(fallback, state.Plugin);
        Assert.True(session.Disposed);
        var warning = Assert.Single(_logs.Entries, e => e.Message.Contains("org.test.drifted", StringComparison.Ordinal));
        Assert.Contains("declared in the manifest but not registered by the session: beep", warning.Message, StringComparison.Ordinal);
        Assert.Contains("registered by the session but not declared in the manifest: erase", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_whose_session_registers_exactly_the_declared_operations_keeps_the_card()
    {
        var session = new ListingSession("read-badge", "beep");
        var plugin = CardWorkFakes.Plugin("org.test.agreeing", open: () => session, operations: ["beep", "read-badge"]);

        var state = await Run(new PluginCandidate(plugin, false));

        Assert.Equal((plugin, session), (state.Plugin, state.Session));
        Assert.False(session.Disposed);
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task An_operation_that_opens_the_next_session_after_a_reload_refuses_a_drifted_plugin_with_a_typed_failure()
    {
        var session = new ListingSession("read-badge", "erase");
        var drifted = CardWorkFakes.Plugin("org.test.drifted", open: () => session, operations: ["read-badge", "beep"]);
        var replies = new List<object>();

        var state = await new OperationRun(_card.Context).RunAsync(new RunOperation(CardWorkFakes.Reader, "read-badge"), replies.Add,
            CardSessionState.Fresh(drifted));

        var failed = Assert.IsType<OperationFailed>(Assert.Single(replies));
        Assert.Equal(OperationFailureReason.PluginFailed, failed.Reason);
        Assert.Contains("declared in the manifest but not registered by the session: beep", failed.Message, StringComparison.Ordinal);
        Assert.True(session.Disposed);
        Assert.Null(state.Session);
        Assert.Empty(_card.Reports.OfType<SessionOpenedReport>());
        Assert.False(_card.Report<OperationOutcomeReport>().Fault);
    }

    private Task<CardSessionState> Run(params PluginCandidate[] candidates)
    {
        var context = _card.Context with { Log = _logs.CreateLogger("card") };
        return new IdentificationRun(context).RunAsync(new IdentifyCard(candidates, FromCache: false));
    }

    /// <summary>A session that says which operations it executes, as Iso7816SessionBase does.</summary>
    private sealed class ListingSession(params string[] names) : ICardSession, IRegisteredOperations
    {
        public bool Disposed { get; private set; }

        public IReadOnlyCollection<string> OperationNames => names;

        public Task<JsonNode?> ExecuteAsync(string operation, JsonObject arguments, CancellationToken cancellationToken) =>
            Task.FromResult<JsonNode?>(null);

        public Task OnCardResetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
