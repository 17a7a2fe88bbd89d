using SmartCardFleet.Enrollment.Journal;
using SmartCardFleet.Enrollment.Jobs;

namespace SmartCardFleet.Enrollment.Engine;

/// <summary>
/// A job's state, rebuilt from its journal: every change goes through <see cref="Apply"/>, in recovery and live alike,
/// so replay and the running job cannot disagree. Memory is bounded by <see cref="JobDefinition.MaxRows"/> rows, each
/// holding its last attempt with a bounded result.
/// </summary>
internal sealed class JobData
{
    private readonly RowData[] _rows;
    private readonly Dictionary<string, int> _byId;

    // Card identity (ATR + UID) → the rows started on that card: rebuilt from RowStarted (and each row's last attempt in a
    // snapshot), so "this card already holds a row" survives any restart of the station or of the manager.
    private readonly Dictionary<string, List<int>> _rowsByCard = new(StringComparer.Ordinal);

    // Rows below this index have all been tried at least once: the next never-tried row is found without a scan.
    private int _firstUntried;

    public JobData(JobCreated created)
    {
        Created = created;
        _rows = [.. created.Definition.Rows.Select(_ => new RowData())];
        _byId = created.Definition.Rows.Select((row, index) => (row.RowId, index)).ToDictionary(e => e.RowId, e => e.index, StringComparer.Ordinal);
    }

    public JobCreated Created { get; }

    public JobDefinition Definition => Created.Definition;

    /// <summary>Running, Paused or Cancelled as operators left it; <see cref="EffectiveState"/> adds Completed.</summary>
    public JobState State { get; private set; } = JobState.Running;

    public string? PausedReason { get; private set; }

    public JobState EffectiveState =>
        State == JobState.Cancelled ? State : _rows.All(r => r.State is RowState.Succeeded or RowState.Failed) ? JobState.Completed : State;

    public static JobData FromSnapshot(JobSnapshot snapshot)
    {
        var data = new JobData(snapshot.Created) { State = snapshot.State, PausedReason = snapshot.PausedReason };
        for (var i = 0; i < data._rows.Length && i < snapshot.Rows.Count; i++)
        {
            var row = snapshot.Rows[i];
            data._rows[i] = new RowData { State = row.State, Attempts = row.Attempts, Last = row.Last };
            data.RememberCard(i, row.Last?.Atr, row.Last?.Uid);
        }

        data.AdvanceUntried();
        return data;
    }

    public JobSnapshot ToSnapshot() =>
        new(Created, State, PausedReason, [.. _rows.Select(r => new RowSnapshot(r.State, r.Attempts, r.Last))]);

    public bool TryIndex(string rowId, out int index) => _byId.TryGetValue(rowId, out index);

    public RowData Row(int index) => _rows[index];

    public RowData? Row(string rowId) => _byId.TryGetValue(rowId, out var index) ? _rows[index] : null;

    public JobRow Input(int index) => Definition.Rows[index];

    /// <summary>The row this very card (same ATR and UID) holds: one that succeeded, is in doubt or is running on it.
    /// Such a card never takes another row of this job (at most the verify of its in-doubt row). Null without a UID:
    /// an ATR alone does not tell one card from another.</summary>
    public int? RowHeldBy(string atr, string? uid)
    {
        if (uid is null || !_rowsByCard.TryGetValue(CardKey(atr, uid), out var rows))
        {
            return null;
        }

        foreach (var i in rows)
        {
            if (_rows[i] is { State: RowState.Succeeded or RowState.InDoubt or RowState.Running, Last: { } last } && last.Atr == atr && last.Uid == uid)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>An in-doubt row that ran on a card without a UID of this ATR: such a card may be that one, so it takes
    /// no new row until an operator decides.</summary>
    public bool InDoubtOnCardWithoutUid(string atr) =>
        RowsIn(RowState.InDoubt).Any(i => _rows[i].Last is { Uid: null } last && last.Atr == atr);

    public IEnumerable<int> RowsIn(RowState state) => Enumerable.Range(0, _rows.Length).Where(i => _rows[i].State == state);

    /// <summary>The row the next card takes: never-tried rows first, in input order, then rows waiting for a retry.</summary>
    public int? NextPending()
    {
        if (_firstUntried < _rows.Length)
        {
            return _firstUntried;
        }

        for (var i = 0; i < _rows.Length; i++)
        {
            if (_rows[i].State == RowState.Pending)
            {
                return i;
            }
        }

        return null;
    }

    public void Apply(IEnrollmentJournalMessage change)
    {
        switch (change)
        {
            case RowStarted started:
                Update(started.RowId, row =>
                {
                    row.State = RowState.Running;
                    row.Attempts++;
                    row.Last = new RowAttempt(Created.Station, started.ReaderId, started.Atr, started.Uid, started.At, null, null, null);
                });
                if (_byId.TryGetValue(started.RowId, out var startedIndex))
                {
                    RememberCard(startedIndex, started.Atr, started.Uid);
                }

                AdvanceUntried();
                break;
            case RowSucceeded succeeded:
                Update(succeeded.RowId, row =>
                {
                    row.State = RowState.Succeeded;
                    row.Last = row.Last! with { EndedAt = succeeded.At, Error = null, Result = succeeded.Result };
                });
                break;
            case RowAttemptFailed failed:
                Update(failed.RowId, row =>
                {
                    row.State = row.Attempts >= Definition.Retry.MaxAttempts ? RowState.Failed : RowState.Pending;
                    row.Last = row.Last! with { EndedAt = failed.At, Error = failed.Error };
                });
                break;
            case RowInDoubt doubt:
                Update(doubt.RowId, row =>
                {
                    row.State = RowState.InDoubt;
                    row.Last = row.Last! with { EndedAt = doubt.At, Error = doubt.Error };
                });
                break;
            case RowReleased released:
                Update(released.RowId, row =>
                {
                    row.State = RowState.Pending;
                    row.Last = row.Last! with { Error = released.Why };
                });
                break;
            case RowDecided decided:
                Update(decided.RowId, row => row.State = decided.Decision == RowDecision.Done ? RowState.Succeeded : RowState.Pending);
                break;
            case JobPaused paused:
                State = JobState.Paused;
                PausedReason = $"paused by {paused.Who}";
                break;
            case JobResumed:
                State = JobState.Running;
                PausedReason = null;
                break;
            case JobCancelled:
                State = JobState.Cancelled;
                PausedReason = null;
                break;
            default:
                throw new ArgumentException($"{change.GetType().Name} is not a job event", nameof(change));
        }
    }

    public JobSummary Summary(string? pausedReasonOverride = null)
    {
        int succeeded = 0, failed = 0, inDoubt = 0, running = 0, pending = 0;
        foreach (var row in _rows)
        {
            switch (row.State)
            {
                case RowState.Succeeded: succeeded++; break;
                case RowState.Failed: failed++; break;
                case RowState.InDoubt: inDoubt++; break;
                case RowState.Running: running++; break;
                default: pending++; break;
            }
        }

        var state = pausedReasonOverride is null ? EffectiveState : JobState.Paused;
        return new JobSummary(Created.JobId, Definition.Name, Definition.PluginId, Definition.Operation, state,
            pausedReasonOverride ?? (state == JobState.Paused ? PausedReason : null), _rows.Length, succeeded, failed, inDoubt, running, pending,
            Created.CreatedAt, Created.Who);
    }

    public JobView View(int offset, int limit, RowState? filter)
    {
        var rows = Enumerable.Range(0, _rows.Length)
            .Where(i => filter is null || _rows[i].State == filter)
            .Skip(offset)
            .Take(limit)
            .Select(i => new RowView(Definition.Rows[i].RowId, _rows[i].State, _rows[i].Attempts, _rows[i].Last))
            .ToList();
        return new JobView(Summary(), Definition.Readers, Definition.Retry, rows, offset);
    }

    private void Update(string rowId, Action<RowData> change)
    {
        if (_byId.TryGetValue(rowId, out var index))
        {
            change(_rows[index]);
        }
    }

    private static string CardKey(string atr, string uid) => $"{atr}/{uid}";

    private void RememberCard(int index, string? atr, string? uid)
    {
        if (atr is null || uid is null)
        {
            return;
        }

        var key = CardKey(atr, uid);
        if (!_rowsByCard.TryGetValue(key, out var rows))
        {
            _rowsByCard[key] = rows = [];
        }

        if (!rows.Contains(index))
        {
            rows.Add(index);
        }
    }

    private void AdvanceUntried()
    {
        while (_firstUntried < _rows.Length && !(_rows[_firstUntried].State == RowState.Pending && _rows[_firstUntried].Attempts == 0))
        {
            _firstUntried++;
        }
    }
}

/// <summary>One row's state inside <see cref="JobData"/>.</summary>
internal sealed class RowData
{
    public RowState State { get; set; } = RowState.Pending;

    public int Attempts { get; set; }

    public RowAttempt? Last { get; set; }
}
