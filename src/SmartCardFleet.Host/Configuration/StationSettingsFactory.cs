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
            // A simulated fleet may be large: a fixed pool of dedicated threads instead of one thread per reader.
            DispatcherId = options.Simulate ? CoreConfig.SharedCardIoDispatcherId : CoreConfig.CardIoDispatcherId,
        };
        return new StationSettings
        {
            Reader = reader,
            IncludeReaders = [.. readers.Include],
            ExcludeReaders = [.. readers.Exclude],
        }.Validate();
    }
}
