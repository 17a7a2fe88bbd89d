using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Configuration;

/// <summary>Everything one station's ReaderManager needs. Defaults suit production; tests shrink the timings.</summary>
public sealed record StationSettings
{
    public ReaderSettings Reader { get; init; } = new();

    /// <summary>Exceptions to <see cref="Reader"/> by reader name, first match wins (see <see cref="ReaderSettingsFor"/>).</summary>
    public IReadOnlyList<PerReaderSettings> PerReader { get; init; } = [];

    /// <summary>Restarts of a crashed reader actor: the restarted reader waits out this backoff itself (docs/reader-actors.md).</summary>
    public BackoffSettings ReaderRestart { get; init; } = BackoffSettings.ReaderRestartDefault;

    /// <summary>After the restart backoff has been quiet this long, the retry count starts again from zero.</summary>
    public TimeSpan ReaderRestartResetAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Re-establishing contexts after the PC/SC service was lost.</summary>
    public BackoffSettings ServiceRecovery { get; init; } = BackoffSettings.ServiceRecoveryDefault;

    /// <summary>Reader name patterns (* and ?, case-insensitive) to manage; empty = all.</summary>
    public IReadOnlyList<string> IncludeReaders { get; init; } = [];

    /// <summary>Reader name patterns to leave alone (applied after <see cref="IncludeReaders"/>).</summary>
    public IReadOnlyList<string> ExcludeReaders { get; init; } = [];

    public PcscScope Scope { get; init; } = PcscScope.System;

    /// <summary>Dispatcher of the ReaderManager: a dedicated thread, because stopping the monitor joins a thread.</summary>
    public string ManagerDispatcherId { get; init; } = CoreConfig.CardIoDispatcherId;

    /// <summary>How often the monitor re-lists readers when PnP notification is not supported.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Bound for joining the monitor thread after Cancel (Yubico uses 8 s).</summary>
    public TimeSpan MonitorJoinTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long a fleet-wide status query waits for each reader.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>A reader actor inside SCardConnect or SCardBeginTransaction for longer than this is reported as blocked
    /// by another process's transaction (pcsc-lite waits without timeout): the manager then answers GetStatus for it and
    /// fails its other requests with ForeignTransaction, and publishes ReaderBlocked. Long enough for a normal
    /// transaction of another process (a few APDUs), short enough for a client to learn why nothing happens.</summary>
    public TimeSpan ForeignLockThreshold { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The effective settings of the reader called <paramref name="readerName"/>: <see cref="Reader"/> with the
    /// first matching <see cref="PerReader"/> entry laid over it.</summary>
    public ReaderSettings ReaderSettingsFor(string readerName)
    {
        foreach (var entry in PerReader)
        {
            if (new ReaderNameFilter([entry.Match], []).Accepts(readerName))
            {
                return entry.ApplyTo(Reader);
            }
        }

        return Reader;
    }

    public StationSettings Validate()
    {
        Reader.Validate();
        for (var i = 0; i < PerReader.Count; i++)
        {
            PerReader[i].Validate(i);
        }

        ReaderRestart.Validate(nameof(ReaderRestart));
        ServiceRecovery.Validate(nameof(ServiceRecovery));
        if (PollInterval <= TimeSpan.Zero || MonitorJoinTimeout <= TimeSpan.Zero || QueryTimeout <= TimeSpan.Zero ||
            ForeignLockThreshold <= TimeSpan.Zero)
        {
            throw new ArgumentException("PollInterval, MonitorJoinTimeout, QueryTimeout and ForeignLockThreshold must be positive.");
        }

        return this;
    }
}
