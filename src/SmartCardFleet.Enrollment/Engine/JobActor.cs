using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Enrollment.Journal;
using SmartCardFleet.Enrollment.Jobs;

namespace SmartCardFleet.Enrollment.Engine;

/// <summary>
/// One job, event-sourced under persistence id "job-&lt;station&gt;-&lt;job id&gt;". Cards come from the
/// <see cref="JobManager"/> (<see cref="OfferCard"/>): the job reads the card's UID, then verifies an in-doubt row that
/// ran on this very card, or starts the next pending row. Write-ahead: <see cref="RowStarted"/> is persisted before the
/// operation is sent, and only its persist callback sends it, so a crash leaves either a row never run or a row in
/// doubt, never a row run twice. A journal fault stops the actor (its BackoffSupervisor starts it again); the manager
/// shows the job paused for storage meanwhile.
/// </summary>
internal sealed class JobActor : ReceivePersistentActor
{
    /// <summary>GET DATA (UID) of PC/SC part 3 readers: answered by the reader for contactless cards.</summary>
    private static readonly byte[] GetUid = [0xFF, 0xCA, 0x00, 0x00, 0x00];

    private readonly string _jobId;
    private readonly JobEngineSettings _settings;
    private readonly IActorRef _manager;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Readers whose card this job works with now (from the offer until the card's row or verify ended).
    private readonly Dictionary<ReaderId, int> _cards = [];
    private readonly Dictionary<string, ReaderId> _runningOn = new(StringComparer.Ordinal);
    private JobData? _job;
    private OperationInfo? _operation;

    public JobActor(string jobId, JobEngineSettings settings, IActorRef manager)
    {
        _jobId = jobId;
        _settings = settings;
        _manager = manager;
        PersistenceId = PersistenceIdOf(settings.Station, jobId);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is JobSnapshot snapshot)
            {
                _job = JobData.FromSnapshot(snapshot);
            }
        });
        Recover<JobCreated>(created => _job = new JobData(created));
        Recover<IEnrollmentJournalMessage>(change => _job?.Apply(change));
        Recover<RecoveryCompleted>(_ => Recovered());

        Command<StartJob>(Start);
        Command<OfferCard>(Offer);
        Command<CardReady>(UseCard);
        Command<RowOperationEnded>(RowEnded);
        Command<VerifyEnded>(Verified);
        Command<CardGone>(gone => _cards.Remove(gone.Reader));
        Command<GetJob>(get => Reply(get.JobId, job => job.View(get.RowOffset, get.RowLimit, get.RowState)));
        Command<PauseJob>(pause => Change(pause.JobId, job => job.EffectiveState == JobState.Running, new JobPaused(pause.Who, Now), "only a running job can be paused"));
        Command<ResumeJob>(resume => Change(resume.JobId, job => job.EffectiveState == JobState.Paused, new JobResumed(resume.Who, Now), "only a paused job can be resumed"));
        Command<CancelJob>(cancel => Change(cancel.JobId, job => job.EffectiveState is JobState.Running or JobState.Paused, new JobCancelled(cancel.Who, Now),
            "a completed or cancelled job cannot be cancelled"));
        Command<DecideRow>(Decide);
        Command<SaveSnapshotSuccess>(saved => DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failed => _log.Warning("Job {0}: snapshot not saved ({1}); recovery replays more events", _jobId, failed.Cause.Message));
        Command<EraseJob>(_ =>
        {
            DeleteSnapshots(SnapshotSelectionCriteria.Latest);
            DeleteMessages(LastSequenceNr);
        });
        Command<DeleteMessagesSuccess>(_ => _manager.Tell(new JobErased(_jobId, null)));
        Command<DeleteMessagesFailure>(failed => _manager.Tell(new JobErased(_jobId, _settings.StorageReason(failed.Cause))));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public static string PersistenceIdOf(string station, string jobId) => $"job-{station}-{jobId}";

    public static Props Props(string jobId, JobEngineSettings settings, IActorRef manager) =>
        Akka.Actor.Props.Create(() => new JobActor(jobId, settings, manager));

    private DateTimeOffset Now => _settings.Time.GetUtcNow();

    /// <summary>A row started before the crash has no end: the operation may have reached the card, so it is in doubt
    /// (verified on the same card when it comes back, or decided by an operator).</summary>
    private void Recovered()
    {
        if (_job is null)
        {
            _manager.Tell(new JobRecovered(_jobId, null, null, null));
            return;
        }

        var interrupted = _job.RowsIn(RowState.Running)
            .Select(i => new RowInDoubt(_job.Input(i).RowId, $"the station stopped while the operation ran on card {CardName(_job.Row(i).Last)}", Now))
            .ToList();
        if (interrupted.Count > 0)
        {
            PersistAll(interrupted, doubt =>
            {
                Applied(doubt);
                if (doubt == interrupted[^1])
                {
                    _manager.Tell(new JobRecovered(_jobId, _job.Summary(), _job.Definition.Readers, _job.Definition.Retry));
                }
            });
            return;
        }

        _manager.Tell(new JobRecovered(_jobId, _job.Summary(), _job.Definition.Readers, _job.Definition.Retry));
        Publish();
    }

    private void Start(StartJob start)
    {
        if (_job is not null)
        {
            start.ReplyTo.Tell(_job.View(0, GetJob.MaxRowLimit, null));
            return;
        }

        Persist(start.Created, created =>
        {
            _job = new JobData(created);
            start.ReplyTo.Tell(_job.View(0, 100, null));
            Publish();
        });
    }

    private void Offer(OfferCard offer)
    {
        if (_job is not { EffectiveState: JobState.Running } job || _cards.ContainsKey(offer.Reader) ||
            (job.NextPending() is null && !job.RowsIn(RowState.InDoubt).Any(i => job.Row(i).Last?.Atr == offer.Atr)))
        {
            Sender.Tell(new CardDeclined(_jobId, offer.Reader, offer.Insertion));
            return;
        }

        _cards[offer.Reader] = offer.Insertion;
        ReadyAsync(offer, job.Definition.PluginId, job.Definition.Operation)
            .PipeTo(Self, failure: _ => new CardReady(offer.Reader, offer.Insertion, offer.Atr, null, null, null, offer.FoundAtStart));
    }

    /// <summary>The card's UID (GET DATA answered 90 00, else null) and the operation's descriptor (its VerifiedBy and
    /// the argument types that redaction needs), asked at once; no actor state is touched here.</summary>
    private async Task<CardReady> ReadyAsync(OfferCard offer, string pluginId, string operation)
    {
        var uid = _settings.Readers.RequestAsync(offer.Reader, new Transmit(GetUid), _settings.QueryTimeout);
        var status = _settings.PluginHost.RequestAsync(GetPluginStatus.Instance, _settings.QueryTimeout);
        var (uidReply, statusReply) = (await uid.ConfigureAwait(false), await status.ConfigureAwait(false));
        var plugin = statusReply.IsSuccess ? statusReply.Value.Plugins.FirstOrDefault(p => p.Id == pluginId) : null;
        var info = plugin?.OperationDetails.FirstOrDefault(o => o.Name == operation);
        var verify = info?.VerifiedBy is { } name ? plugin!.OperationDetails.FirstOrDefault(o => o.Name == name) : null;
        var uidHex = uidReply is { IsSuccess: true, Value.StatusWord: 0x9000, Value.Data.Length: > 0 } ? Hex.Format(uidReply.Value.Data) : null;
        return new CardReady(offer.Reader, offer.Insertion, offer.Atr, uidHex, info, verify, offer.FoundAtStart);
    }

    private void UseCard(CardReady card)
    {
        _operation = card.Operation ?? _operation;
        if (_job is not { EffectiveState: JobState.Running } job || !_cards.TryGetValue(card.Reader, out var insertion) || insertion != card.Insertion)
        {
            Decline(card.Reader, card.Insertion);
            return;
        }

        // The same card is the one with the same ATR and UID. A card that already holds a row of this job (succeeded, in
        // doubt or running) takes no other: at most the verify of its in-doubt row. Without a UID the card cannot be
        // recognised, so one found in its reader at start (perhaps finished before a restart) or one that may be the
        // card of an in-doubt row waits to be taken out and put in again, or for an operator's decision.
        var held = job.RowHeldBy(card.Atr, card.Uid);
        if (held is { } doubtful && job.Row(doubtful).State == RowState.InDoubt && card.Verify is not null)
        {
            _manager.Tell(new CardTaken(_jobId, card.Reader, card.Insertion));
            var rowId = job.Input(doubtful).RowId;
            _settings.PluginHost.RunAsync(new RunOperation(card.Reader, card.Verify.Name, job.Input(doubtful).Arguments), _settings.OperationAskTimeout)
                .PipeTo(Self, success: reply => new VerifyEnded(rowId, card.Reader, card.Insertion, card.Atr, card.Uid, reply),
                    failure: e => new VerifyEnded(rowId, card.Reader, card.Insertion, card.Atr, card.Uid, Broken(card.Reader, e)));
            return;
        }

        if (held is not null || (card.Uid is null && (card.FoundAtStart || job.InDoubtOnCardWithoutUid(card.Atr))))
        {
            Done(card.Reader, card.Insertion);
            return;
        }

        if (job.NextPending() is not { } next)
        {
            Decline(card.Reader, card.Insertion);
            return;
        }

        _manager.Tell(new CardTaken(_jobId, card.Reader, card.Insertion));
        StartRow(next, card.Reader, card.Insertion, card.Atr, card.Uid);
    }

    /// <summary>The job is done with the card of this insertion: never offered again while it stays in its reader. A
    /// late answer about a card already pulled leaves the card now in that reader alone.</summary>
    private void Done(ReaderId reader, int insertion)
    {
        if (_cards.TryGetValue(reader, out var current) && current == insertion)
        {
            _cards.Remove(reader);
        }

        _manager.Tell(new CardDone(_jobId, reader, insertion));
    }

    private void Decline(ReaderId reader, int insertion)
    {
        _cards.Remove(reader);
        _manager.Tell(new CardDeclined(_jobId, reader, insertion));
    }

    /// <summary>Write-ahead: the operation is sent only from the persist callback, once RowStarted is in the journal.</summary>
    private void StartRow(int index, ReaderId reader, int insertion, string atr, string? uid)
    {
        var input = _job!.Input(index);
        Persist(new RowStarted(input.RowId, reader.Value, insertion, atr, uid, Now), started =>
        {
            Applied(started);
            _runningOn[started.RowId] = reader;
            _settings.PluginHost.RunAsync(new RunOperation(reader, _job.Definition.Operation, input.Arguments), _settings.OperationAskTimeout)
                .PipeTo(Self, success: reply => new RowOperationEnded(started.RowId, reader, insertion, reply),
                    failure: e => new RowOperationEnded(started.RowId, reader, insertion, Broken(reader, e)));
        });
    }

    private void RowEnded(RowOperationEnded ended)
    {
        _runningOn.Remove(ended.RowId);
        Done(ended.Reader, ended.Insertion);
        if (_job?.Row(ended.RowId) is not { State: RowState.Running })
        {
            return;
        }

        var reply = ended.Reply;
        IEnrollmentJournalMessage end = reply.IsSuccess
            ? new RowSucceeded(ended.RowId, RowResults.Kept(reply.Value.Result, _operation), false, Now)
            : OperationOutcomes.IsInDoubt(reply)
                ? new RowInDoubt(ended.RowId, OperationOutcomes.Describe(reply.Failure), Now)
                : new RowAttemptFailed(ended.RowId, OperationOutcomes.Describe(reply.Failure), Now);
        Persist(end, Applied);
    }

    /// <summary>Applied: the row is done. Not applied: it is safe to run again, and the card is here, so it runs now.
    /// The verify itself failed: the row stays in doubt.</summary>
    private void Verified(VerifyEnded verified)
    {
        if (_job?.Row(verified.RowId) is not { State: RowState.InDoubt })
        {
            Done(verified.Reader, verified.Insertion);
            return;
        }

        var reply = verified.Reply;
        if (!reply.IsSuccess || reply.Value.Result?["applied"]?.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
        {
            Done(verified.Reader, verified.Insertion);
            _log.Warning<string, string, ReaderId, string>("Job {0}: verifying row {1} on {2} did not answer applied true/false ({3}); the row stays in doubt",
                _jobId, verified.RowId, verified.Reader, reply.IsSuccess ? "no applied field" : reply.Failure.Reason.ToString());
            return;
        }

        if ((bool)reply.Value.Result["applied"]!)
        {
            Done(verified.Reader, verified.Insertion);
            Persist(new RowSucceeded(verified.RowId, null, true, Now), Applied);
            return;
        }

        Persist(new RowReleased(verified.RowId, "verified on the same card: not applied, safe to run again", Now), released =>
        {
            Applied(released);
            if (_job.EffectiveState == JobState.Running && _cards.TryGetValue(verified.Reader, out var insertion) && insertion == verified.Insertion &&
                _job.TryIndex(verified.RowId, out var index))
            {
                StartRow(index, verified.Reader, verified.Insertion, verified.Atr, verified.Uid);
            }
            else
            {
                Done(verified.Reader, verified.Insertion);
            }
        });
    }

    private void Decide(DecideRow decide)
    {
        if (!Known(decide.JobId, out var job))
        {
            return;
        }

        var row = job.Row(decide.RowId);
        if (row is null)
        {
            Sender.Tell(new JobRefused(JobRefusal.UnknownRow, $"job {_jobId} has no row '{Bounded.Echo(decide.RowId)}'"));
        }
        else if (row.State != RowState.InDoubt)
        {
            Sender.Tell(new JobRefused(JobRefusal.NotInDoubt, $"row '{Bounded.Echo(decide.RowId)}' is {row.State}, not in doubt: there is nothing to decide"));
        }
        else
        {
            var sender = Sender;
            Persist(new RowDecided(decide.RowId, decide.Decision, decide.Who, Now), decided =>
            {
                Applied(decided);
                sender.Tell(job.View(0, 100, null));
            });
        }
    }

    private void Change(string jobId, Func<JobData, bool> allowed, IEnrollmentJournalMessage change, string refusal)
    {
        if (!Known(jobId, out var job))
        {
            return;
        }

        if (!allowed(job))
        {
            Sender.Tell(new JobRefused(JobRefusal.InvalidState, $"job {_jobId} is {job.EffectiveState}: {refusal}"));
            return;
        }

        var sender = Sender;
        Persist(change, persisted =>
        {
            Applied(persisted);
            sender.Tell(job.View(0, 100, null));
        });
    }

    private void Reply(string jobId, Func<JobData, object> answer)
    {
        if (Known(jobId, out var job))
        {
            Sender.Tell(answer(job));
        }
    }

    private bool Known(string jobId, out JobData job)
    {
        job = _job!;
        if (_job is not null && jobId == _jobId)
        {
            return true;
        }

        Sender.Tell(new JobRefused(JobRefusal.UnknownJob, $"no job '{Bounded.Echo(jobId)}'"));
        return false;
    }

    /// <summary>Applies a persisted change, publishes what clients see, audits a row's end, and snapshots every N events.</summary>
    private void Applied(IEnrollmentJournalMessage change)
    {
        var job = _job!;
        job.Apply(change);
        if (change is RowSucceeded or RowAttemptFailed or RowInDoubt && RowIdOf(change) is { } rowId && job.TryIndex(rowId, out var index))
        {
            var row = job.Row(index);
            _settings.Audit?.Record(RowAudit.Entry(job, index, row.State, row.Last!, _operation, Now));
            Context.System.EventStream.Publish(new JobRowEnded(_jobId, rowId, row.State, row.Last!, Now));
            _log.Info("Job {0}: row {1} on {2} ended {3}{4}", _jobId, rowId, row.Last!.ReaderId, row.State,
                row.Last.Error is null ? "" : $" ({row.Last.Error})");
        }

        Publish();
        if (LastSequenceNr % _settings.SnapshotEvery == 0)
        {
            SaveSnapshot(job.ToSnapshot());
        }
    }

    private void Publish()
    {
        if (_job is not null)
        {
            Context.System.EventStream.Publish(new JobProgressed(_job.Summary(), Now));
        }
    }

    /// <summary>The plugin host broke its protocol: nothing says whether the operation ran, so it counts as in doubt.</summary>
    private static OperationReply Broken(ReaderId reader, Exception e) =>
        OperationReply.Failed(new OperationFailed(reader, OperationFailureReason.PluginFailed, e.GetBaseException().Message));

    private static string? RowIdOf(IEnrollmentJournalMessage change) => change switch
    {
        RowSucceeded s => s.RowId,
        RowAttemptFailed f => f.RowId,
        RowInDoubt d => d.RowId,
        _ => null,
    };

    private static string CardName(RowAttempt? attempt) =>
        attempt is null ? "an unknown card" : $"{(attempt.Uid is null ? $"ATR {attempt.Atr}" : $"UID {attempt.Uid}")} in {attempt.ReaderId}";

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _manager.Tell(new JobStorageFailed(_jobId, _settings.StorageReason(cause)));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _manager.Tell(new JobStorageFailed(_jobId, _settings.StorageReason(reason)));
        base.OnRecoveryFailure(reason, message);
    }
}
