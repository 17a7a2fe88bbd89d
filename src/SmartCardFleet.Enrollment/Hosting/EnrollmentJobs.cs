using Akka.Actor;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Enrollment.Engine;

namespace SmartCardFleet.Enrollment.Hosting;

/// <summary>Starts the job manager in an ActorSystem configured with <see cref="EnrollmentConfig.For"/>, beside the
/// station's reader manager and plugin host. The Generic Host does this through
/// <see cref="EnrollmentHostingExtensions.WithEnrollmentJobs"/>; specs call it on their own ActorSystems.</summary>
public static class EnrollmentJobs
{
    /// <summary>The job manager's BackoffSupervisor: send it the commands of Jobs/JobManagerMessages.cs.</summary>
    public static IActorRef Start(ActorSystem system, IActorRef readerManager, IActorRef pluginHost, EnrollmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var settings = new JobEngineSettings(options.Station, new ReaderRequests(system, readerManager), pluginHost, options.Audit, options.Time,
            options.SnapshotEvery, options.OperationTimeout + options.OperationMargin, options.QueryTimeout, options.StorageRetryMin,
            options.StorageRetryMax, options.Storage is { } storage ? StorageReasons.For(storage) : e => e.GetBaseException().Message);
        return system.ActorOf(JobManager.SupervisedProps(settings), options.ManagerName);
    }
}
