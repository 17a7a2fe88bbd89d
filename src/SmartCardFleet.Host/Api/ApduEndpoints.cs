using Microsoft.AspNetCore.Http.HttpResults;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Metrics;

namespace SmartCardFleet.Host.Api;

/// <summary>POST /api/readers/{id}/transmit (one APDU) and /transaction (several, atomically).</summary>
public static class ApduEndpoints
{
    /// <summary>Most APDUs one transaction request may carry: a request must not hold a reader for long.</summary>
    public const int MaxTransactionApdus = 256;

    /// <summary>Most command bytes one transaction request may carry in total (256 KiB: four maximal extended APDUs,
    /// or 256 of 1 KiB), so that every valid transaction fits in <see cref="RequestBodyLimit.MaxBytes"/> as hex.</summary>
    public const int MaxTransactionBytes = 256 * 1024;

    public static RouteGroupBuilder MapApduEndpoints(this RouteGroupBuilder api)
    {
        var readers = api.MapGroup("/readers").WithTags("APDUs");
        readers.MapPost("/{id}/transmit", TransmitAsync).Produces<TransmitResult>()
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(423).ProducesProblem(504);
        readers.MapPost("/{id}/transaction", TransactionAsync).Produces<TransactionResult>()
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(423).ProducesProblem(504);
        return api;
    }

    private static async Task<IResult> TransmitAsync(string id, TransmitRequest? body, ReaderGateway gateway, ApduRecorder recorder,
        ReaderActivity activity, CancellationToken cancellationToken)
    {
        if (!RequestParsing.TryReaderId(id, out var readerId, out var notFound))
        {
            return Problems.NotFound(notFound!);
        }

        if (!RequestParsing.TryApdu(body?.Apdu, "apdu", out var apdu, out var problem))
        {
            return Problems.BadRequest(problem!, "apdu");
        }

        var reply = await Exchange(readerId, apdu, null, gateway, recorder, cancellationToken);
        if (reply is ReaderFailure)
        {
            // Only failures: a client sending thousands of APDUs must not flood the event stream.
            ReaderEndpoints.Record(activity, readerId, "transmit", reply);
        }

        return reply switch
        {
            Transmitted t => TypedResults.Ok(t.ToDto()),
            ReaderFailure failure => Problems.From(failure),
            var other => Problems.Unexpected(other),
        };
    }

    /// <summary>Begin, each Transmit inside the transaction, End — End always runs, also after a failure or a client
    /// that went away, so a request can never leave the reader locked (the lease is the last line of defence).</summary>
    private static async Task<IResult> TransactionAsync(string id, TransactionRequest? body, ReaderGateway gateway, ApduRecorder recorder,
        ReaderActivity activity, HttpContext http)
    {
        if (!RequestParsing.TryReaderId(id, out var readerId, out var notFound))
        {
            return Problems.NotFound(notFound!);
        }

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

        // Not the request's token: a client that disconnects must not stop us between Begin and End.
        var lease = gateway.OperationTimeout + gateway.OperationTimeout;
        var holder = $"http {http.Connection.RemoteIpAddress}:{http.Connection.RemotePort}";
        var begun = await gateway.AskReaderAsync(readerId, new BeginTransaction(Min(lease, TimeSpan.FromSeconds(30)), holder), CancellationToken.None);
        if (begun is not TransactionBegun transaction)
        {
            ReaderEndpoints.Record(activity, readerId, "transaction", begun);
            return begun is ReaderFailure failure ? Problems.From(failure) : Problems.Unexpected(begun);
        }

        var results = new List<TransmitResult>(apdus.Count);
        ProblemHttpResult? failed = null;
        try
        {
            for (var i = 0; i < apdus.Count && failed is null; i++)
            {
                var reply = await Exchange(readerId, apdus[i], transaction.Transaction, gateway, recorder, CancellationToken.None);
                if (reply is Transmitted t)
                {
                    results.Add(t.ToDto());
                }
                else
                {
                    failed = reply is ReaderFailure failure
                        ? Problems.From(failure, new Dictionary<string, object?> { ["failedIndex"] = i, ["responses"] = results })
                        : Problems.Unexpected(reply);
                }
            }
        }
        finally
        {
            await gateway.AskReaderAsync(readerId, new EndTransaction(transaction.Transaction), CancellationToken.None);
        }

        activity.Record(readerId.Value, "transaction", failed is null, failed?.ProblemDetails.Detail);
        return failed ?? (IResult)TypedResults.Ok(new TransactionResult(results));
    }

    private static async Task<object> Exchange(ReaderId readerId, byte[] apdu, TransactionId? transaction, ReaderGateway gateway,
        ApduRecorder recorder, CancellationToken cancellationToken)
    {
        var reply = await gateway.AskReaderAsync(readerId, new Transmit(apdu, transaction), cancellationToken);
        switch (reply)
        {
            case Transmitted t:
                recorder.Exchanged(readerId.Value, null, apdu, t.Data.Length, t.StatusWord, t.Elapsed);
                break;
            case ReaderFailure { Reason: not ReaderFailureReason.UnknownReader } failure:
                recorder.Failed(readerId.Value, null, apdu, failure.Reason.ToString());
                break;
            default:
                break;
        }

        return reply;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
