using System.CommandLine;
using System.Runtime.InteropServices;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Host.Simulation;
using SmartCardFleet.VirtualCards.Cards.Scripted;
using SmartCardFleet.VirtualCards.Vpcd;

namespace SmartCardFleet.Host.Cli;

/// <summary>fleet vcard --port P (--card TYPE | --script card.json): plays a virtual card in a vpcd reader slot until
/// Ctrl-C/SIGTERM, then removes it cleanly. A script is a card an author describes in JSON (docs/card-scripts.md).</summary>
public static class VcardCommand
{
    /// <summary>The client itself retries for ever (a card stays inserted across a pcscd restart); a slot that does not
    /// answer at all at start is a mistake worth saying at once.</summary>
    private static async Task ProbeSlotAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var probe = new System.Net.Sockets.TcpClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await probe.ConnectAsync(host, port, deadline.Token);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            throw new CliFailure(ExitCodes.HostUnreachable,
                $"no vpcd reader slot answers at {host}:{port} ({e.Message}); is pcscd with the vpcd driver running?");
        }
    }

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port of the vpcd slot (35963 = first slot)", Required = true };
        var host = new Option<string>("--host") { Description = "vpcd host", DefaultValueFactory = _ => "127.0.0.1" };
        var card = new Option<string>("--card")
        {
            Description = $"Card type: {string.Join(", ", VirtualCardCatalog.Types)}",
            DefaultValueFactory = _ => VirtualCardCatalog.FileSystemCard,
        };
        card.AcceptOnlyFromAmong([.. VirtualCardCatalog.Types]);
        var script = new Option<FileInfo?>("--script")
        {
            Description = "A card described in JSON (ATR and command → response rules; docs/card-scripts.md) instead of --card",
        };
        var uid = new Option<string?>("--uid") { Description = "UID in hex for contactless cards (4 or 7 bytes)" };
        var latency = new Option<TimeSpan?>("--latency") { Description = "Delay added to every answer, e.g. 00:00:00.050" };
        var command = new Command("vcard", "Run a virtual card against a vpcd reader slot") { port, host, card, script, uid, latency };
        command.SetClientAction(async (parse, ct) =>
        {
            var virtualCard = parse.GetValue(script) is { } scriptFile
                ? FromScript(scriptFile, parse.GetResult(card) is { Implicit: false }, parse.GetValue(uid) is not null)
                : VirtualCardCatalog.Create(parse.GetValue(card)!, ParseUid(parse.GetValue(uid)));
            if (parse.GetValue(latency) is { } delay)
            {
                virtualCard.Faults.Latency = delay < TimeSpan.Zero ? throw new CliFailure(ExitCodes.Usage, "--latency must not be negative") : delay;
            }

            await ProbeSlotAsync(parse.GetValue(host)!, parse.GetValue(port), ct);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
            await using var client = new VpcdCardClient(virtualCard,
                new VpcdCardClientOptions { Host = parse.GetValue(host)!, Port = parse.GetValue(port), KeepInserted = true });
            try
            {
                await client.InsertAsync(stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(
                $"{virtualCard.CardType} card inserted at {parse.GetValue(host)}:{parse.GetValue(port)}; Ctrl-C removes it");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: fall through to the removal.
            }

            await client.RemoveAsync();
            await parse.InvocationConfiguration.Output.WriteLineAsync("card removed");
            return ExitCodes.Ok;

            void Cancel(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        });
        return command;
    }

    private static byte[]? ParseUid(string? uidText) =>
        uidText is null ? null
        : Hex.TryParse(uidText, out var uidBytes) && uidBytes.Length is 4 or 7 ? uidBytes
        : throw new CliFailure(ExitCodes.Usage, $"--uid \"{uidText}\" must be 4 or 7 bytes of hex");

    /// <summary>A scripted card; a script that cannot be played is a usage error whose message names the line or field.</summary>
    private static ScriptedCard FromScript(FileInfo file, bool cardGiven, bool uidGiven)
    {
        if (cardGiven || uidGiven)
        {
            throw new CliFailure(ExitCodes.Usage, $"--script and {(cardGiven ? "--card" : "--uid")} exclude each other: a script says everything about its card");
        }

        try
        {
            return ScriptedCard.Load(file.FullName);
        }
        catch (CardScriptException ex)
        {
            throw new CliFailure(ExitCodes.Usage, $"bad card script {ex.Message}");
        }
    }
}
