using SmartCardFleet.Storage;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Enrollment;

/// <summary>What <see cref="EnrollmentHostingExtensions.WithEnrollmentJobs"/> needs: the station's database (journal and
/// snapshots of the jobs), the station's name, the audit journal for rows, and the timings.</summary>
public sealed class EnrollmentOptions
{
    /// <summary>The station's database; the jobs' journal and snapshots go there. Required.</summary>
    public StorageSettings? Storage { get; set; }

    /// <summary>This station's name: a job's readers must be this station's, and persistence ids include it, so many
    /// stations can share one PostgreSQL database.</summary>
    public string Station { get; set; } = "station";

    /// <summary>Where each ended row attempt is recorded (action "job.row"); null records nothing.</summary>
    public IAuditJournal? Audit { get; set; }

    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>A job saves a snapshot every this many events, so recovery replays at most as many.</summary>
    public int SnapshotEvery { get; set; } = 200;

    /// <summary>The plugin host's operation timeout (PluginHostSettings.OperationTimeout); a job waits this plus
    /// <see cref="OperationMargin"/> for an operation's answer, then counts the row in doubt.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan OperationMargin { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long reading a card's UID or the plugin's descriptor may take.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Backoff of a job (or the job index) whose journal failed, before it tries again.</summary>
    public TimeSpan StorageRetryMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan StorageRetryMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Name of the job manager's supervisor under /user.</summary>
    public string ManagerName { get; set; } = "jobs";

    /// <exception cref="ArgumentException">An option is invalid; the message lists every problem.</exception>
    public EnrollmentOptions Validate()
    {
        var problems = new List<string>();
        if (Storage is null || string.IsNullOrWhiteSpace(Storage.ConnectionString))
        {
            problems.Add($"{nameof(Storage)} is required (the station's database)");
        }

        if (string.IsNullOrWhiteSpace(Station))
        {
            problems.Add($"{nameof(Station)} is required");
        }

        if (SnapshotEvery < 1)
        {
            problems.Add($"{nameof(SnapshotEvery)} must be at least 1");
        }

        if (OperationTimeout <= TimeSpan.Zero || OperationMargin < TimeSpan.Zero || QueryTimeout <= TimeSpan.Zero ||
            StorageRetryMin <= TimeSpan.Zero || StorageRetryMax < StorageRetryMin)
        {
            problems.Add("the timeouts must be positive and StorageRetryMax at least StorageRetryMin");
        }

        if (string.IsNullOrEmpty(ManagerName) || !Akka.Actor.ActorPath.IsValidPathElement(ManagerName))
        {
            problems.Add($"{nameof(ManagerName)} '{ManagerName}' is not a valid actor name");
        }

        return problems.Count == 0 ? this : throw new ArgumentException($"Invalid {nameof(EnrollmentOptions)}: {string.Join("; ", problems)}.");
    }
}
