using Microsoft.AspNetCore.Http.HttpResults;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Metrics;
using SmartCardFleet.Host.Security;

namespace SmartCardFleet.Host.Api;

/// <summary>POST /api/readers/{id}/transmit (one APDU) and /transaction (several, atomically).</summary>
public static class ApduEndpoints
{
    /// <summary>Most APDUs one transaction request may carry: a request must not hold a reader for long. The reader's
    /// own bound on a batch, so every valid request is one valid <see cref="TransmitBatch"/>.</summary>
    public const int MaxTransactionApdus = TransmitBatch.MaxCommands;

    /// <summary>Most command bytes one transaction request may carry in total (256 KiB: four maximal extended APDUs,
    /// or 256 of 1 KiB), so that every valid transaction fits in <see cref="RequestBodyLimit.MaxBytes"/> as hex.</summary>
    public const int MaxTransactionBytes = TransmitBatch.MaxBytes;

    public static RouteGroupBuilder MapApduEndpoints(this RouteGroupBuilder api)
    {
        var readers = api.MapGroup("/readers").WithTags("APDUs");
        readers.MapPost("/{id}/transmit", TransmitAsync)
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(423).ProducesProblem(504)
            .RequireRole(FleetRole.Operator).Audited("reader.transmit");
        readers.MapPost("/{id}/transaction", TransactionAsync)
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(423).ProducesProblem(504)
            .RequireRole(FleetRole.Operator).Audited("reader.transaction");
        return api;
    }

    private static async Task<Results<Ok<TransmitResult>, ProblemHttpResult>> TransmitAsync(string id, TransmitRequest? body,
        ReaderGateway gateway, FleetTargets targets, ApduRecorder recorder, ReaderActivity activity, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (!targets.TryReader(id, out var target, out var notFound))
        {
            return notFound!;
        }

        context.SetReaderSubject(target);
        if (!RequestParsing.TryApdu(body?.Apdu, "apdu", out var apdu, out var problem))
        {
            return Problems.BadRequest(problem!, "apdu");
        }

        context.SetReaderSubject(target, AuditSubjects.Apdu(apdu));
        var reply = await gateway.AskReaderAsync(target, new Transmit(apdu), cancellationToken);
        if (reply.IsSuccess)
        {
            Exchanged(recorder, target, apdu, reply.Value);
            return TypedResults.Ok(reply.Value.ToDto());
        }

        Failed(recorder, target, apdu, reply.Failure);
        // Only failures: a client sending thousands of APDUs must not flood the event stream.
        ReaderEndpoints.Record(activity, target, "transmit", reply.Failure);
        return Problems.From(reply.Failure, target, targets);
    }

    /// <summary>One atomic <see cref="TransmitBatch"/>: the reader begins a PC/SC transaction, runs every APDU on its own
    /// thread and ends the transaction after the last or the first failure, so the batch crosses to the reader once and a
    /// request can never leave the reader locked.</summary>
    private static async Task<Results<Ok<TransactionResult>, ProblemHttpResult>> TransactionAsync(string id, TransactionRequest? body,
        ReaderGateway gateway, FleetTargets targets, ApduRecorder recorder, ReaderActivity activity, HttpContext context)
    {
        if (!targets.TryReader(id, out var target, out var notFound))
        {
            return notFound!;
        }

        context.SetReaderSubject(target);
        if (body?.Apdus is not { Count: > 0 } texts || texts.Count > MaxTransactionApdus)
        {
            return Problems.BadRequest($"apdus must list 1..{MaxTransactionApdus} command APDUs in hex", "apdus");
        }

        var apdus = new List<byte[]>(texts.Count);
        var total = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            if (!RequestParsing.TryApdu(texts[i], $"apdus[{i}]", out var apdu, out var problem))
            {
                return Problems.BadRequest(problem!, $"apdus[{i}]");
            }

            total += apdu.Length;
            if (total > MaxTransactionBytes)
            {
                return Problems.BadRequest($"apdus carry more than {MaxTransactionBytes} command bytes in total (the first {i + 1} " +
                    $"already {total}); split them into several transactions", "apdus");
            }

            apdus.Add(apdu);
        }

        context.SetReaderSubject(target, AuditSubjects.Apdus(apdus));
        // Not the request's token: the batch runs to its end on the reader anyway, and its APDUs and outcome are recorded
        // also when the client has gone.
        // A station lost meanwhile still ends the wait at once (StationUnreachable).
        var reply = await gateway.AskReaderAsync(target, new TransmitBatch(apdus, Atomic: true), CancellationToken.None);
        if (!reply.IsSuccess)
        {
            // Refused before the first APDU (no card, someone else's transaction...): nothing was sent.
            ReaderEndpoints.Record(activity, target, "transaction", reply.Failure);
            return Problems.From(reply.Failure, target, targets);
        }

        var batch = reply.Value;
        for (var i = 0; i < batch.Responses.Count; i++)
        {
            Exchanged(recorder, target, apdus[i], batch.Responses[i]);
        }

        var results = batch.Responses.Select(r => r.ToDto()).ToList();
        if (batch.Failure is not { } failure)
        {
            ReaderEndpoints.Record(activity, target, "transaction", null);
            return TypedResults.Ok(new TransactionResult(results));
        }

        Failed(recorder, target, apdus[batch.Responses.Count], failure);
        var failed = Problems.From(failure, target, targets,
            new Dictionary<string, object?> { ["failedIndex"] = batch.FailedIndex, ["responses"] = results });
        activity.Record(target.Station.Name, target.Reader, "transaction", false, failed.ProblemDetails.Detail);
        return failed;
    }

    private static void Exchanged(ApduRecorder recorder, ReaderTarget target, byte[] apdu, Transmitted response) =>
        recorder.Exchanged(target.LocalId, null, apdu, response.Data.Length, response.StatusWord, response.Elapsed);

    private static void Failed(ApduRecorder recorder, ReaderTarget target, byte[] apdu, ReaderFailure failure)
    {
        // An unknown reader saw no APDU.
        if (failure.Reason != ReaderFailureReason.UnknownReader)
        {
            recorder.Failed(target.LocalId, null, apdu, failure.Reason.ToString());
        }
    }
}
