using SmartCardFleet.Core.Configuration;

namespace SmartCardFleet.Host.Configuration;

/// <summary>Maps the bound options onto Core's <see cref="StationSettings"/>.</summary>
public static class StationSettingsFactory
{
    public static StationSettings Create(StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var readers = options.Readers;
        var reader = new ReaderSettings
        {
            AutoAttach = readers.AutoAttach,
            DefaultShareMode = readers.ShareMode,
            DefaultProtocols = readers.Protocols,
            DefaultDisposition = readers.DetachDisposition,
            ResetAfterVerify = readers.ResetAfterVerify,
            // A simulated fleet may be large: a fixed pool of dedicated threads instead of one thread per reader.
            DispatcherId = options.Simulate ? CoreConfig.SharedCardIoDispatcherId : CoreConfig.CardIoDispatcherId,
        };
        return new StationSettings
        {
            Reader = reader,
            PerReader = [.. readers.PerReader.Select(entry => new PerReaderSettings(entry.Match, entry.AutoAttach, entry.ShareMode, entry.Protocols))],
            IncludeReaders = [.. readers.Include],
            ExcludeReaders = [.. readers.Exclude],
            ForeignLockThreshold = options.ForeignLockThreshold,
            ServiceRecovery = BackoffSettings.ServiceRecoveryDefault with
            {
                Min = options.ServiceRecovery.MinDelay,
                Max = options.ServiceRecovery.MaxDelay,
            },
        }.Validate();
    }
}
