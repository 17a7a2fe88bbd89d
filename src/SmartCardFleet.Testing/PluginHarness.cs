using System.Globalization;
using System.Text.Json.Nodes;
using McMaster.NETCore.Plugins;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Testing;

/// <summary>
/// A built plugin folder loaded the way the station loads it, with identification and operations run on a card
/// channel (a <see cref="ScriptedCardChannel"/>, or any other) the way the station runs them. Dispose it to close the
/// sessions and unload the plugin.
/// </summary>
/// <remarks>
/// <para>Loading: <c>&lt;folder&gt;/&lt;FolderName&gt;.dll</c> in its own McMaster.NETCore.Plugins load context sharing
/// the SDK with the test, the one public <see cref="ICardPlugin"/> type, the SDK compatibility check
/// (<see cref="SdkInfo.IsCompatible"/>) and the manifest validation; a folder the station would refuse throws
/// <see cref="PluginLoadException"/> with the station's reason.</para>
/// <para>Identification (<see cref="IdentifyAsync"/>): <c>Match</c> on the channel's ATR, then <c>ProbeAsync</c> on the
/// channel, then <c>OpenSessionAsync</c> on the channel with the manifest's response handling, whose session must register
/// exactly the manifest's operations (<see cref="OperationCatalog.Mismatches"/>). Operations
/// (<see cref="RunAsync"/>): undeclared arguments are refused first (<see cref="OperationArgumentCheck"/>), then the
/// card's session (opened on first use, told about resets of the channel's <see cref="ICardChannel.CardResetToken"/>)
/// executes the operation. Each step has the station's default deadline: <see cref="MatchTimeout"/> (1 s) for Match,
/// <see cref="ProbeTimeout"/> (5 s) for each probe and session opening, <see cref="OperationTimeout"/> (10 s) for each
/// operation.</para>
/// <para>Not covered: ranking among several plugins, transactions, quarantine, timeouts enforced on blocking code.</para>
/// </remarks>
public sealed class PluginHarness : IAsyncDisposable
{
    private readonly PluginLoader _loader;
    private readonly Dictionary<ICardChannel, OpenSession> _sessions = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    private PluginHarness(PluginLoader loader, ICardPlugin plugin)
    {
        _loader = loader;
        Plugin = plugin;
        Manifest = plugin.Manifest;
    }

    /// <summary>The plugin instance the station would create.</summary>
    public ICardPlugin Plugin { get; }

    /// <summary>The plugin's manifest, read once at load time as the station does.</summary>
    public PluginManifest Manifest { get; }

    /// <summary>The deadline of Match: the station's default Station:Plugins:MatchTimeout, 1 s.</summary>
    public TimeSpan MatchTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The deadline of the probe and of opening the session: the station's default
    /// Station:Plugins:ProbeTimeout, 5 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The deadline of each operation (with the reset notice before it): the station's default
    /// Station:OperationTimeout, 10 s.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Loads a built plugin folder, for example <c>bin/Debug/net10.0</c> of the plugin project renamed to the
    /// plugin's name, or the station's <c>plugins/&lt;Name&gt;</c>.</summary>
    /// <param name="pluginFolder">The folder; it must hold <c>&lt;FolderName&gt;.dll</c>.</param>
    /// <param name="cancellationToken">Cancels waiting for the load.</param>
    /// <returns>The harness.</returns>
    /// <exception cref="PluginLoadException">The station would refuse the folder; the message says why.</exception>
    public static async Task<PluginHarness> LoadAsync(string pluginFolder, CancellationToken cancellationToken = default)
    {
        // Plugin constructors are third-party code: off the caller's thread, as the station loads off its actors.
        var (loader, plugin) = await Task.Run(() => PluginFolderLoader.Load(pluginFolder), cancellationToken);
        return new PluginHarness(loader, plugin);
    }

    /// <summary>Identifies the card as the station would for this plugin: Match, probe, open a session.</summary>
    /// <param name="card">The card channel; the session opened here serves later <see cref="RunAsync"/> calls on it.</param>
    /// <param name="cancellationToken">Cancels the identification.</param>
    /// <returns>Whether the plugin matched and accepted the card; <see cref="HarnessIdentification.Failure"/> holds what
    /// a probe or OpenSessionAsync threw (the station counts that as a refusal), or the timeout of a Match past
    /// <see cref="MatchTimeout"/> (no match for the station).</returns>
    public async Task<HarnessIdentification> IdentifyAsync(ICardChannel card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await CloseSessionAsync(card);
        try
        {
            if (!await WithDeadline("Match", MatchTimeout, _ => MatchOnOwnThread(card.Atr), cancellationToken))
            {
                return new HarnessIdentification(Matched: false, Accepted: false);
            }
        }
        catch (TimeoutException ex)
        {
            // The station counts a Match past its deadline as no match (and a fault of the plugin).
            return new HarnessIdentification(Matched: false, Accepted: false) { Failure = ex };
        }

        try
        {
            if (!await WithDeadline("ProbeAsync", ProbeTimeout, ct => Plugin.ProbeAsync(card, ct), cancellationToken))
            {
                return new HarnessIdentification(Matched: true, Accepted: false);
            }

            await OpenSessionAsync(card, cancellationToken);
            return new HarnessIdentification(Matched: true, Accepted: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HarnessIdentification(Matched: true, Accepted: false) { Failure = ex };
        }
    }

    /// <summary>Runs an operation on the card as the station would: arguments checked against the manifest, then the
    /// card's session executes it (opened now when <see cref="IdentifyAsync"/> has not opened one).</summary>
    /// <param name="operation">The operation name, for example <c>read-uid</c>.</param>
    /// <param name="arguments">The arguments (null: none).</param>
    /// <param name="card">The card channel.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The operation's result.</returns>
    /// <exception cref="CardOperationException">The typed failure the station reports (400 for unknown operations and
    /// invalid arguments, 502 for card errors, 501 for unsupported features), undeclared arguments included.</exception>
    /// <exception cref="TimeoutException">The operation outlived <see cref="OperationTimeout"/> (the station answers 504 and resets the card).</exception>
    public async Task<JsonNode?> RunAsync(string operation, JsonObject? arguments, ICardChannel card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(card);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (OperationArgumentCheck.Problem(Manifest, operation, arguments) is { } problem)
        {
            throw new CardOperationException(CardOperationError.InvalidArgument, problem);
        }

        var open = _sessions.TryGetValue(card, out var existing) ? existing : await OpenSessionAsync(card, cancellationToken);
        if (open.ResetToken.IsCancellationRequested)
        {
            // The station tells the session about a reset before its next operation, never in the middle of one.
            open.ResetToken = card.CardResetToken;
            await WithDeadline("OnCardResetAsync", OperationTimeout, async ct =>
            {
                await open.Session.OnCardResetAsync(ct);
                return true;
            }, cancellationToken);
        }

        return await WithDeadline($"operation \"{operation}\"", OperationTimeout, ct => open.Session.ExecuteAsync(operation, arguments ?? [], ct), cancellationToken);
    }

    /// <summary>Disposes every session the harness opened, then unloads the plugin's load context.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var open in _sessions.Values)
        {
            await open.Session.DisposeAsync();
        }

        _sessions.Clear();
        _loader.Dispose();
    }

    private async Task<OpenSession> OpenSessionAsync(ICardChannel card, CancellationToken cancellationToken)
    {
        var resetToken = card.CardResetToken;
        var session = await WithDeadline("OpenSessionAsync", ProbeTimeout,
            ct => Plugin.OpenSessionAsync(card.WithResponseHandling(Manifest.ResponseHandling), ct), cancellationToken);
        // The station refuses the plugin's sessions when they execute other operations than the manifest declares.
        await OperationCatalog.RefuseOnMismatchAsync(Manifest, session, reason => new InvalidOperationException(reason));

        var open = new OpenSession(session) { ResetToken = resetToken };
        _sessions[card] = open;
        return open;
    }

    private async Task CloseSessionAsync(ICardChannel card)
    {
        if (_sessions.Remove(card, out var open))
        {
            await open.Session.DisposeAsync();
        }
    }

    /// <summary>Match is synchronous plugin code that may block: it runs on a thread of its own (never the
    /// ThreadPool), so its deadline can end the wait.</summary>
    private Task<bool> MatchOnOwnThread(Atr atr) =>
        Task.Factory.StartNew(() => Plugin.Match(atr), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private async Task<T> WithDeadline<T>(string what, TimeSpan timeout, Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await step(deadline.Token).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"{what} of plugin {Manifest.Id} did not finish within {timeout.TotalSeconds:0.###} s; the station would give up there."));
        }
    }

    private sealed class OpenSession(ICardSession session)
    {
        public ICardSession Session { get; } = session;

        public CancellationToken ResetToken { get; set; }
    }
}
