using System.Globalization;
using System.Text.Json;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Security;
using SmartCardFleet.Storage;
using SmartCardFleet.Storage.Events;

namespace SmartCardFleet.Host.Api;

/// <summary>GET /api/events: server-sent events, one per fleet event, "id:" = journal sequence number. A client that
/// reconnects with Last-Event-ID (header, or ?lastEventId= for tools that cannot set it) gets what it missed, as far as
/// the journal's ring still holds it, and older than that from the durable event window in the database (after a
/// restart of the station, or a client more than the ring behind; <see cref="DurableEventReplay"/>); an id at or beyond
/// the last one replays nothing. Streams end when the host stops
/// so shutdown is not held up. A subscriber the journal drops for falling behind has its connection aborted, not
/// completed: completing would wait to flush to a client that stopped reading, and keep-alive would keep the socket
/// (and the megabytes in its buffers) open. Kestrel holds at most its response buffer (64 KiB) per stream; writes
/// wait beyond that, the queue fills and the journal drops the subscriber.</summary>
public static class EventEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/events", StreamAsync).WithTags("Events").Produces(200, contentType: "text/event-stream").ProducesProblem(400)
            .ProducesProblem(503).RequireRole(FleetRole.Viewer);
        return api;
    }

    private static async Task<IResult> StreamAsync(HttpContext http, FleetEventJournal journal, IHostApplicationLifetime lifetime,
        TimeProvider time, ILoggerFactory loggers)
    {
        var lastIdText = http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? http.Request.Query["lastEventId"].FirstOrDefault();
        long? lastId = null;
        if (!string.IsNullOrWhiteSpace(lastIdText))
        {
            if (!long.TryParse(lastIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Problems.BadRequest($"Last-Event-ID \"{lastIdText}\" is not an event id (a non-negative integer)", "Last-Event-ID");
            }

            lastId = parsed;
        }

        using var subscription = journal.TrySubscribe(lastId);
        if (subscription is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "TooManyEventStreams",
                detail: $"this node serves at most {FleetEventJournal.DefaultMaxSubscribers} event streams at once; close one, or retry later",
                extensions: new Dictionary<string, object?> { ["reason"] = "TooManyEventStreams" });
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping,
            subscription.Dropped);
        var token = stopping.Token;
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var json = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()
            .Value.SerializerOptions;
        try
        {
            await response.WriteAsync("retry: 1000\n\n", token);
            if (lastId is { } after && journal.Window is { } window && after < subscription.FirstDeliveredId - 1)
            {
                await ReplayStoredAsync(response, window, after, subscription.FirstDeliveredId, journal.FirstId, time, json,
                    loggers.CreateLogger(typeof(EventEndpoints).FullName!), token);
            }

            foreach (var record in subscription.Backlog)
            {
                await WriteAsync(response, record, json, token);
            }

            await response.Body.FlushAsync(token);
            while (true)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                wait.CancelAfter(KeepAlive);
                bool more;
                try
                {
                    more = await subscription.Live.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", token);
                    await response.Body.FlushAsync(token);
                    continue;
                }

                if (!more)
                {
                    break;
                }

                while (subscription.Live.TryRead(out var record))
                {
                    await WriteAsync(response, record, json, token);
                }

                await response.Body.FlushAsync(token);
            }
        }
        catch (OperationCanceledException) when (subscription.Dropped.IsCancellationRequested)
        {
            // Dropped while a write waited for a client that does not read: close the socket (EventSource reconnects).
            http.Abort();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Client left or host stopping.
        }
        catch (SlowSubscriberException)
        {
            // Dropped for falling behind: the client reconnects with its last id.
            http.Abort();
        }

        return TypedResults.Empty;
    }

    /// <summary>The missed events older than the journal's ring, from the database. A database that cannot be read leaves a
    /// gap rather than no stream at all: the client would only reconnect into the same failure and never see live events.</summary>
    private static async Task ReplayStoredAsync(HttpResponse response, IEventWindow window, long afterId, long beforeId, long thisRunFirstId,
        TimeProvider time, JsonSerializerOptions json, ILogger log, CancellationToken token)
    {
        var written = 0;
        try
        {
            await foreach (var record in DurableEventReplay.MissedAsync(window, afterId, beforeId, thisRunFirstId, time, token))
            {
                await WriteAsync(response, record, json, token);
                if (++written % DurableEventReplay.PageSize == 0)
                {
                    await response.Body.FlushAsync(token);
                }
            }
        }
        catch (StorageUnavailableException e)
        {
            log.LogWarning("Event stream resumed after id {LastEventId} without the older events the database holds: {Reason}",
                afterId, e.Message);
        }
    }

    private static Task WriteAsync(HttpResponse response, FleetEventRecord record, JsonSerializerOptions json, CancellationToken token) =>
        response.WriteAsync($"id: {record.Id.ToString(CultureInfo.InvariantCulture)}\ndata: {JsonSerializer.Serialize(record, json)}\n\n", token);
}
