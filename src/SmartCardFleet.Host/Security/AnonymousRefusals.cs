using System.Globalization;
using System.Text.Json.Nodes;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Security;

/// <summary>
/// Folds the audit entries of anonymous refusals (a 401, a failed session.login) so that a client without a token cannot
/// flood the journal: such a client could otherwise fill the writer's queue (real entries would be dropped) and push
/// real history out through the MaxRows retention. Per action, the first anonymous refusal of an
/// <see cref="Interval"/> is recorded as it is; the ones after it in the same interval are only counted, and when the
/// interval ends one summary entry records how many were folded, between which times, and the last one's status and
/// detail. So each action gets at most two entries per interval, and the state is one counter per audited action (a
/// fixed set of endpoint names, not anything a client chooses). Refusals of an identified caller (403, a failed
/// operation) are never folded: they name who tried. docs/security.md, "Audit journal".
/// </summary>
public sealed class AnonymousRefusals(IAuditJournal journal, TimeProvider time) : IDisposable
{
    /// <summary>How long the refusals of one action after a recorded one are folded into one summary.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Folding> _open = new(StringComparer.Ordinal);
    private ITimer? _timer;

    /// <summary>Records <paramref name="entry"/> when it is the first anonymous refusal of its action in an interval;
    /// otherwise counts it into the interval's summary.</summary>
    public void Record(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_open.TryGetValue(entry.Action, out var open) && now < open.Ends)
            {
                open.Fold(entry);
                return;
            }

            _open[entry.Action] = new Folding(now + Interval);
            _timer ??= time.CreateTimer(_ => Summarise(), null, Interval, Timeout.InfiniteTimeSpan);
        }

        journal.Record(entry);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>Writes the summary of every interval that has ended, and waits for the next one to end.</summary>
    private void Summarise()
    {
        var now = time.GetUtcNow();
        List<AuditEntry> summaries = [];
        lock (_gate)
        {
            foreach (var (action, folding) in _open.Where(o => o.Value.Ends <= now).ToList())
            {
                _open.Remove(action);
                if (folding.Summary() is { } summary)
                {
                    summaries.Add(summary);
                }
            }

            _timer?.Dispose();
            _timer = _open.Count == 0 ? null
                : time.CreateTimer(_ => Summarise(), null, _open.Values.Min(f => f.Ends) - now, Timeout.InfiniteTimeSpan);
        }

        foreach (var summary in summaries)
        {
            journal.Record(summary);
        }
    }

    /// <summary>One action's open interval: how many refusals were folded, the first's time and the last one.</summary>
    private sealed class Folding(DateTimeOffset ends)
    {
        private int _count;
        private DateTimeOffset _first;
        private AuditEntry? _last;

        public DateTimeOffset Ends { get; } = ends;

        public void Fold(AuditEntry entry)
        {
            if (_count++ == 0)
            {
                _first = entry.Time;
            }

            _last = entry;
        }

        public AuditEntry? Summary() => _last is null ? null : _last with
        {
            Reader = null,
            CardAtr = null,
            CardUid = null,
            What = new JsonObject { ["folded"] = _count, ["from"] = _first, ["to"] = _last.Time }.ToJsonString(),
            Detail = string.Create(CultureInfo.InvariantCulture,
                $"{_count} more anonymous refusal(s) of {_last.Action} within {Interval.TotalSeconds} s, summarised (last: {_last.Detail})"),
        };
    }
}
