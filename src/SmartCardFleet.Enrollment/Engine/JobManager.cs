using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Enrollment.Journal;
using SmartCardFleet.Enrollment.Jobs;

namespace SmartCardFleet.Enrollment.Engine;

/// <summary>
/// The station's jobs: the persistent index of job ids (<see cref="JobIndex"/>, a child of its own so that a failed
/// index write never stops the manager and its knowledge of the cards), one <see cref="JobActor"/> per job under a
/// BackoffSupervisor, the job commands (Jobs/JobManagerMessages.cs), and the
/// station's cards: each card a job's plugin identified in a reader is offered to one job at a time, oldest job first,
/// so an insertion serves at most one job and one row. A job whose journal fails is shown paused for storage until its
/// actor recovers by itself.
/// </summary>
internal sealed class JobManager : ReceiveActor, IWithUnboundedStash
{
    /// <summary>Jobs not yet completed or cancelled that one station runs at once.</summary>
    public const int MaxActiveJobs = 32;

    /// <summary>Jobs one station keeps (each recovered at start).</summary>
    public const int MaxJobs = 1000;

    private readonly JobEngineSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, JobEntry> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<ReaderId, SeenCard> _cards = [];

    // Identifications of cards whose insertion was published before the manager subscribed, until CardsPresent names them.
    private readonly Dictionary<ReaderId, string> _identifiedEarly = [];
    private readonly IActorRef _index;

    // Deletions asked for, from the DropJob until the index wrote it (or failed); then the supervisors of the deleted jobs
    // until their journal is deleted.
    private readonly Dictionary<string, IActorRef> _deleting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _erasing = new(StringComparer.Ordinal);

    // The job being created, from its RegisterJob until the index wrote its id (or failed).
    private (IActorRef Asker, JobCreated Created)? _creating;

    // False until the index recovered, and from a failed index write until it recovered again: creations are refused.
    private bool _indexUp;
    private bool _started;

    public JobManager(JobEngineSettings settings)
    {
        _settings = settings;
        _index = Context.ActorOf(JobIndex.SupervisedProps(settings, Self, settings.StorageReason), "index");

        // Until the index recovered, the commands wait (as a persistent actor's would during its recovery).
        Receive<IndexLoaded>(loaded =>
        {
            Loaded(loaded);
            Become(Ready);
            Stash.UnstashAll();
        });
        Receive<IndexFailed>(failed => _log.Warning("The job index cannot be read now ({0}); it is read again by itself", failed.Reason));
        ReceiveAny(_ => Stash.Stash());
    }

    public IStash Stash { get; set; } = null!;

    private void Ready()
    {
        Receive<IndexLoaded>(Loaded);
        Receive<JobIndexed>(Indexed);
        Receive<IndexFailed>(IndexWriteFailed);
        Receive<CreateJob>(Create);
        Receive<JobView>(CreatedView);
        Receive<ListJobs>(List);
        Receive<GetJob>(get => ToJob(get.JobId, get with
        {
            RowOffset = Math.Max(0, get.RowOffset),
            RowLimit = Math.Clamp(get.RowLimit, 1, GetJob.MaxRowLimit),
        }, entry => new JobView(entry.Shown(), entry.Readers ?? ReaderSelection.All, entry.Retry ?? RetryPolicy.Default, [], 0)));
        Receive<PauseJob>(pause => ToJob(pause.JobId, pause));
        Receive<ResumeJob>(resume => ToJob(resume.JobId, resume));
        Receive<CancelJob>(cancel => ToJob(cancel.JobId, cancel));
        Receive<DecideRow>(decide => ToJob(decide.JobId, decide));
        Receive<DeleteJob>(Delete);
        Receive<JobUnindexed>(Unindexed);
        Receive<JobErased>(Erased);
        Receive<JobRecovered>(Recovered);
        Receive<JobStorageFailed>(StorageFailed);
        Receive<JobProgressed>(progressed =>
        {
            if (_jobs.TryGetValue(progressed.JobId, out var entry) && entry.StorageProblem is null)
            {
                var resumed = entry.Summary?.State != JobState.Running && progressed.Summary.State == JobState.Running;
                entry.Summary = progressed.Summary;
                if (resumed)
                {
                    OfferWaitingCards();
                }
            }
        });
        Receive<CardInserted>(inserted =>
        {
            if (inserted.ReaderId is { } reader)
            {
                _cards[reader] = new SeenCard(inserted.InsertionCounter, Hex.Format(inserted.Atr));
            }
        });
        Receive<CardIdentified>(Identified);
        Receive<CardsPresent>(present =>
        {
            foreach (var (reader, insertion, atr, plugin) in present.Cards)
            {
                if (!_cards.ContainsKey(reader))
                {
                    _cards[reader] = new SeenCard(insertion, atr) { Plugin = plugin ?? _identifiedEarly.GetValueOrDefault(reader), FoundAtStart = true };
                }
            }

            _identifiedEarly.Clear();

            OfferWaitingCards();
        });
        Receive<CardRemoved>(removed => CardLeft(removed.ReaderId));
        Receive<ReaderRemoved>(removed => CardLeft(removed.ReaderId));
        Receive<CardTaken>(taken =>
        {
            if (taken.Reader is var reader && _cards.TryGetValue(reader, out var card) && card.Insertion == taken.Insertion)
            {
                card.TakenBy = taken.JobId;
            }
        });
        Receive<CardDone>(done =>
        {
            if (_cards.TryGetValue(done.Reader, out var card) && card.Insertion == done.Insertion)
            {
                card.Done = true;
            }
        });
        Receive<CardDeclined>(declined =>
        {
            if (_cards.TryGetValue(declined.Reader, out var card) && card.Insertion == declined.Insertion)
            {
                OfferNext(declined.Reader, card);
            }
        });
    }

    /// <summary>The manager under its own BackoffSupervisor: it comes back by itself should it ever fail.</summary>
    public static Props SupervisedProps(JobEngineSettings settings) =>
        BackoffSupervisor.Props(Backoff.OnStop(Akka.Actor.Props.Create(() => new JobManager(settings)), "manager", settings.RestartMin,
            settings.RestartMax, 0.2, -1));

    protected override void PreStart()
    {
        foreach (var type in new[] { typeof(CardInserted), typeof(CardIdentified), typeof(CardRemoved), typeof(ReaderRemoved), typeof(JobProgressed) })
        {
            Context.System.EventStream.Subscribe(Self, type);
        }

        base.PreStart();
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        base.PostStop();
    }

    private DateTimeOffset Now => _settings.Time.GetUtcNow();

    private void Create(CreateJob create)
    {
        if (DefinitionCheck.Problems(create.Definition, create.Who, _settings.Station) is { } problems)
        {
            Sender.Tell(new JobRefused(JobRefusal.InvalidDefinition, problems));
            return;
        }

        var active = _jobs.Values.Count(e => e.Summary?.State is null or JobState.Running or JobState.Paused);
        if (!_indexUp)
        {
            Sender.Tell(new JobRefused(JobRefusal.StorageUnavailable, "the job store cannot be written now; no job was created"));
            return;
        }

        if (active >= MaxActiveJobs || _jobs.Count >= MaxJobs || _creating is not null)
        {
            Sender.Tell(new JobRefused(JobRefusal.TooManyJobs, _creating is not null
                ? "another job is being created; try again in a moment"
                : $"this station keeps at most {MaxActiveJobs} running or paused jobs and {MaxJobs} jobs in all; cancel or finish " +
                  "some, or delete finished ones (DELETE /api/jobs/{id})"));
            return;
        }

        var jobId = Guid.NewGuid().ToString("N")[..12];
        var created = new JobCreated(jobId, _settings.Station, create.Definition, create.Who, Now);
        _creating = (Sender, created);
        _index.Tell(new RegisterJob(jobId, created.CreatedAt));
    }

    /// <summary>The new job's id is in the index: its actor writes its definition.</summary>
    private void Indexed(JobIndexed indexed)
    {
        if (_creating is not { } creating || creating.Created.JobId != indexed.JobId)
        {
            return;
        }

        _creating = null;
        var entry = StartJobActor(indexed.JobId);
        entry.CreateReplyTo = creating.Asker;
        entry.Supervisor.Tell(new StartJob(creating.Created, Self));
    }

    /// <summary>The index recovered: at start its jobs start; after a failure, a job id it holds that the manager does
    /// not know (written just before the failure) starts too, recovers empty and is dropped.</summary>
    private void Loaded(IndexLoaded loaded)
    {
        _indexUp = true;
        foreach (var id in loaded.JobIds.Where(id => !_jobs.ContainsKey(id)))
        {
            StartJobActor(id);
        }

        if (!_started)
        {
            _started = true;
            CardsPresentAsync().PipeTo(Self);
        }
    }

    /// <summary>An index write failed (the index restarts by itself): the job being created is refused, and so is every
    /// creation until the index is back. The manager itself carries on.</summary>
    private void IndexWriteFailed(IndexFailed failed)
    {
        _indexUp = false;
        _log.Warning("The job index cannot be written now ({0}); no job can be created until storage is back", failed.Reason);
        if (_creating is { } creating)
        {
            _creating = null;
            creating.Asker.Tell(new JobRefused(JobRefusal.StorageUnavailable, $"the job store cannot be written now ({failed.Reason}); no job was created"));
        }

        foreach (var (jobId, asker) in _deleting)
        {
            asker.Tell(new JobRefused(JobRefusal.StorageUnavailable, $"the job store cannot be written now ({failed.Reason}); job {jobId} was not deleted"));
        }

        _deleting.Clear();
    }

    /// <summary>A finished job is forgotten in two steps: its id leaves the index (written before the answer, so a job
    /// deleted stays deleted across a restart), then its actor deletes its journal. A crash between the two leaves
    /// journal rows no index entry leads to, never a listed job without its history.</summary>
    private void Delete(DeleteJob delete)
    {
        if (delete.JobId is null || !_jobs.TryGetValue(delete.JobId, out var entry) || entry.CreateReplyTo is not null)
        {
            Sender.Tell(new JobRefused(JobRefusal.UnknownJob, $"no job '{Bounded.Echo(delete.JobId)}' on this station"));
        }
        else if (_deleting.ContainsKey(delete.JobId))
        {
            Sender.Tell(new JobRefused(JobRefusal.UnknownJob, $"job {delete.JobId} is being deleted"));
        }
        else if (entry.StorageProblem is not null || !_indexUp)
        {
            Sender.Tell(new JobRefused(JobRefusal.StorageUnavailable,
                $"job {delete.JobId} cannot be deleted now: storage unavailable: {entry.StorageProblem ?? "the job index is not written"}; nothing was changed"));
        }
        else if (entry.Summary is null)
        {
            // Still recovering: answered once it knows its state, as a list is.
            Stash.Stash();
        }
        else if (entry.Summary.State is not (JobState.Completed or JobState.Cancelled))
        {
            Sender.Tell(new JobRefused(JobRefusal.InvalidState,
                $"job {delete.JobId} is {entry.Summary.State}: only a completed or cancelled job can be deleted; cancel it first"));
        }
        else if (entry.Summary.InDoubt > 0)
        {
            // A cancelled job can still hold rows in doubt: deleting it would drop the operator's decision unasked.
            Sender.Tell(new JobRefused(JobRefusal.InvalidState,
                $"job {delete.JobId} has {entry.Summary.InDoubt} row(s) in doubt: decide them first (done or run-again), then delete it"));
        }
        else
        {
            _deleting[delete.JobId] = Sender;
            _index.Tell(new DropJob(delete.JobId, Now));
            _log.Info("Job {0}: deletion asked by {1}", delete.JobId, delete.Who);
        }
    }

    private void Unindexed(JobUnindexed unindexed)
    {
        // A creation that never completed was dropped without anyone waiting: nothing more to do for it.
        if (!_deleting.Remove(unindexed.JobId, out var asker) || !_jobs.Remove(unindexed.JobId, out var entry))
        {
            return;
        }

        _erasing[unindexed.JobId] = entry.Supervisor;
        entry.Supervisor.Tell(EraseJob.Instance);
        asker.Tell(new JobDeleted(unindexed.JobId));
    }

    private void Erased(JobErased erased)
    {
        if (_erasing.Remove(erased.JobId, out var supervisor))
        {
            Context.Stop(supervisor);
        }

        if (erased.Problem is not null)
        {
            _log.Warning("Job {0}: its journal could not be deleted ({1}); its rows stay in the database, unused", erased.JobId, erased.Problem);
        }
    }

    /// <summary>A new job's first view: its definition is written, the creation is complete.</summary>
    private void CreatedView(JobView view)
    {
        if (_jobs.TryGetValue(view.Summary.JobId, out var entry) && entry.CreateReplyTo is { } asker)
        {
            entry.CreateReplyTo = null;
            entry.Summary = view.Summary;
            entry.Readers = view.Readers;
            entry.Retry = view.Retry;
            asker.Tell(view);

            // A card waiting in a reader (put in before the batch was started) is the new job's first card.
            OfferWaitingCards();
        }
    }

    /// <summary>Jobs started at recovery that have not said yet how they stand: a list now would leave them out.</summary>
    private bool Recovering => _jobs.Values.Any(e => e is { Summary: null, StorageProblem: null, CreateReplyTo: null });

    private void List(ListJobs list)
    {
        if (Recovering)
        {
            Stash.Stash();
            return;
        }

        var jobs = _jobs.Values
            .Where(e => e.Summary is not null)
            .Select(e => e.Shown())
            .Where(s => list.State is null || s.State == list.State)
            .OrderByDescending(s => s.CreatedAt)
            .Take(Math.Clamp(list.Limit, 1, ListJobs.MaxLimit))
            .ToList();
        Sender.Tell(new JobList(jobs));
    }

    private void ToJob(string jobId, object command, Func<JobEntry, object>? whileStorageFails = null)
    {
        // A job still recovering (no summary yet) answers once it has: a persistent actor keeps commands until then.
        if (jobId is null || !_jobs.TryGetValue(jobId, out var entry) || entry.CreateReplyTo is not null)
        {
            Sender.Tell(new JobRefused(JobRefusal.UnknownJob, $"no job '{Bounded.Echo(jobId)}' on this station"));
        }
        else if (entry.StorageProblem is not null)
        {
            Sender.Tell((entry.Summary is null ? null : whileStorageFails?.Invoke(entry)) ??
                new JobRefused(JobRefusal.StorageUnavailable, $"job {jobId} cannot be used now: storage unavailable: {entry.StorageProblem}; nothing was changed"));
        }
        else
        {
            entry.Supervisor.Forward(command);
        }
    }

    private void Recovered(JobRecovered recovered)
    {
        if (!_jobs.TryGetValue(recovered.JobId, out var entry))
        {
            return;
        }

        if (recovered.Summary is null)
        {
            // A job registered in the index whose JobCreated was never written: it never existed for anyone.
            if (entry.CreateReplyTo is null)
            {
                Drop(recovered.JobId, entry);
                UnstashWhenRecovered();
            }

            return;
        }

        if (entry.StorageProblem is not null)
        {
            _log.Info("Job {0}: storage is back, the job continues", recovered.JobId);
        }

        entry.StorageProblem = null;
        entry.Summary = recovered.Summary;
        entry.Readers = recovered.Readers;
        entry.Retry = recovered.Retry;
        OfferWaitingCards();
        UnstashWhenRecovered();
    }

    private void UnstashWhenRecovered()
    {
        if (!Recovering)
        {
            Stash.UnstashAll();
        }
    }

    private void StorageFailed(JobStorageFailed failed)
    {
        if (!_jobs.TryGetValue(failed.JobId, out var entry))
        {
            return;
        }

        if (entry.CreateReplyTo is { } asker)
        {
            asker.Tell(new JobRefused(JobRefusal.StorageUnavailable, $"the job store cannot be written now ({failed.Reason}); no job was created"));
            Drop(failed.JobId, entry);
            return;
        }

        entry.StorageProblem = failed.Reason;
        UnstashWhenRecovered();
        _log.Warning("Job {0} paused: storage unavailable ({1}); it resumes by itself when storage is back", failed.JobId, failed.Reason);
        if (entry.Summary is not null)
        {
            Context.System.EventStream.Publish(new JobProgressed(entry.Shown(), Now));
        }

        // The card it was using stays in its reader: offered again once the job is back (its row never ran if
        // RowStarted was not written; it is in doubt if it was).
        foreach (var card in _cards.Values.Where(c => c.TakenBy == failed.JobId && !c.Done))
        {
            card.TakenBy = null;
            card.Offered = false;
        }
    }

    private void Drop(string jobId, JobEntry entry)
    {
        Context.Stop(entry.Supervisor);
        _jobs.Remove(jobId);
        _index.Tell(new DropJob(jobId, Now));
    }

    private JobEntry StartJobActor(string jobId)
    {
        var supervisor = Context.ActorOf(BackoffSupervisor.Props(Backoff.OnStop(JobActor.Props(jobId, _settings, Self), "job",
            _settings.RestartMin, _settings.RestartMax, 0.2, -1)), $"job-{jobId}");
        var entry = new JobEntry(supervisor);
        _jobs[jobId] = entry;
        return entry;
    }

    private void Identified(CardIdentified identified)
    {
        if (identified.ReaderId is { } early && !_cards.ContainsKey(early) && _identifiedEarly.Count < 10_000)
        {
            _identifiedEarly[early] = identified.PluginId;
        }

        if (identified.ReaderId is { } reader && _cards.TryGetValue(reader, out var card) && card.Plugin is null)
        {
            card.Plugin = identified.PluginId;
            Offer(reader, card);
        }
    }

    /// <summary>Offers an identified card nobody took to the jobs that may use it, oldest first. A card no job could use
    /// yet (every job paused or still recovering) is offered again when a job starts taking cards.</summary>
    private void Offer(ReaderId reader, SeenCard card)
    {
        if (card.Plugin is not { } plugin || card.TakenBy is not null || card.Offered || card.Done)
        {
            return;
        }

        card.Candidates = new Queue<string>(_jobs
            .Where(e => e.Value is { StorageProblem: null, Summary: { State: JobState.Running } summary } && summary.PluginId == plugin &&
                summary.Pending + summary.InDoubt > 0 && e.Value.Selects(reader))
            .OrderBy(e => e.Value.Summary!.CreatedAt)
            .Select(e => e.Key));
        card.Offered = card.Candidates.Count > 0;
        OfferNext(reader, card);
    }

    /// <summary>The cards already in the readers when the manager started (after a restart, the card whose row is in
    /// doubt may still be there): their insertions were published before the manager subscribed.</summary>
    private async Task<CardsPresent> CardsPresentAsync()
    {
        var found = new List<(ReaderId, int, string, string?)>();
        var list = await _settings.Readers.RequestAsync(ListReaders.Instance, _settings.QueryTimeout).ConfigureAwait(false);
        foreach (var reader in list.IsSuccess ? list.Value.Readers.Where(r => r.Atr is { Length: > 0 }) : [])
        {
            var identification = await _settings.PluginHost.RequestAsync(new GetCardIdentification(reader.ReaderId), _settings.QueryTimeout)
                .ConfigureAwait(false);
            // A card still being identified is added without its plugin: its CardIdentified follows.
            found.Add((reader.ReaderId, reader.InsertionCounter, Hex.Format(reader.Atr), identification.IsSuccess ? identification.Value.PluginId : null));
        }

        return new CardsPresent(found);
    }

    /// <summary>A job recovered or resumed: the identified cards waiting in readers are offered again.</summary>
    private void OfferWaitingCards()
    {
        foreach (var (reader, card) in _cards)
        {
            Offer(reader, card);
        }
    }

    private void OfferNext(ReaderId reader, SeenCard card)
    {
        while (card.Candidates.TryDequeue(out var jobId))
        {
            if (_jobs.TryGetValue(jobId, out var entry) && entry.StorageProblem is null)
            {
                entry.Supervisor.Tell(new OfferCard(reader, card.Insertion, card.Atr, card.FoundAtStart));
                return;
            }
        }

        // Every candidate declined (or none was left): the card may be offered again when a job is created, resumed or
        // recovered.
        card.Offered = false;
    }

    private void CardLeft(ReaderId? reader)
    {
        if (reader is { } id && _cards.Remove(id, out var card) && card.TakenBy is { } jobId && _jobs.TryGetValue(jobId, out var entry))
        {
            entry.Supervisor.Tell(new CardGone(id));
        }
    }

    private sealed record CardsPresent(IReadOnlyList<(ReaderId Reader, int Insertion, string Atr, string? Plugin)> Cards) : ILocalOnlyMessage;

    /// <summary>What the manager knows of one job.</summary>
    private sealed class JobEntry(IActorRef supervisor)
    {
        public IActorRef Supervisor { get; } = supervisor;

        public JobSummary? Summary { get; set; }

        private ReaderNameFilter? _filter;

        /// <summary>Setting it builds the pattern's filter once: every card is matched against every running job.</summary>
        public ReaderSelection? Readers
        {
            get;
            set
            {
                field = value;
                _filter = value?.NamePattern is { } pattern ? new ReaderNameFilter([pattern], []) : null;
            }
        }

        public RetryPolicy? Retry { get; set; }

        /// <summary>The station part was checked at creation; the pattern is a glob over the reader id.</summary>
        public bool Selects(ReaderId reader) => _filter is null || _filter.Accepts(reader.Value);

        /// <summary>Why the job's journal cannot be used now, while its actor waits to start again.</summary>
        public string? StorageProblem { get; set; }

        /// <summary>Who asked to create the job, until its JobCreated is written.</summary>
        public IActorRef? CreateReplyTo { get; set; }

        public string? PausedReason => StorageProblem is null ? Summary?.PausedReason : $"storage unavailable: {StorageProblem}";

        public JobSummary Shown() => StorageProblem is null || Summary is null
            ? Summary!
            : Summary with { State = JobState.Paused, PausedReason = PausedReason };
    }

    /// <summary>The card in one reader as the monitor reported it, and which job it was offered to or taken by.</summary>
    private sealed class SeenCard(int insertion, string atr)
    {
        public int Insertion { get; } = insertion;

        public string Atr { get; } = atr;

        /// <summary>The plugin that identified the card; null until then.</summary>
        public string? Plugin { get; set; }

        /// <summary>Being offered to the jobs that could use it (each answers in turn); false again once all declined.</summary>
        public bool Offered { get; set; }

        public Queue<string> Candidates { get; set; } = new();

        public string? TakenBy { get; set; }

        /// <summary>Already in its reader when the manager started: after a restart it may be a card finished before.</summary>
        public bool FoundAtStart { get; init; }

        /// <summary>The job that took it is done with it: one row (or one verify) per insertion, never offered again.</summary>
        public bool Done { get; set; }
    }
}
