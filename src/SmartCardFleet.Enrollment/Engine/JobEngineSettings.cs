using Akka.Actor;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Enrollment.Engine;

/// <summary>What every job actor of a station shares: where the readers and plugins are, the clock, the audit journal
/// and the timings (made once by the manager from <see cref="EnrollmentOptions"/>). <c>StorageReason</c> words a journal
/// failure for pausedReason and 503 answers (<see cref="StorageReasons"/>).</summary>
internal sealed record JobEngineSettings(string Station, ReaderRequests Readers, IActorRef PluginHost, IAuditJournal? Audit, TimeProvider Time,
    int SnapshotEvery, TimeSpan OperationAskTimeout, TimeSpan QueryTimeout, TimeSpan RestartMin, TimeSpan RestartMax,
    Func<Exception, string> StorageReason);
