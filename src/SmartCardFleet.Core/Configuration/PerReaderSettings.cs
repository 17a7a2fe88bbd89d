using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Configuration;

/// <summary>
/// An exception to <see cref="StationSettings.Reader"/> for the readers whose name matches <paramref name="Match"/>
/// (* and ?, case-insensitive). Null fields keep the station-wide value. In <see cref="StationSettings.PerReader"/>
/// the first matching entry wins, so a kiosk can say "the contactless pad shares, the contact slot is exclusive".
/// </summary>
public sealed record PerReaderSettings(string Match, bool? AutoAttach = null, ShareMode? ShareMode = null, CardProtocol? Protocols = null)
{
    /// <summary><paramref name="defaults"/> with this entry's fields laid over it.</summary>
    public ReaderSettings ApplyTo(ReaderSettings defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return defaults with
        {
            AutoAttach = AutoAttach ?? defaults.AutoAttach,
            DefaultShareMode = ShareMode ?? defaults.DefaultShareMode,
            DefaultProtocols = Protocols ?? defaults.DefaultProtocols,
        };
    }

    public void Validate(int index)
    {
        if (string.IsNullOrWhiteSpace(Match))
        {
            throw new ArgumentException($"PerReader[{index}].Match must be a reader name pattern.");
        }

        if (ShareMode is { } mode && !Enum.IsDefined(mode))
        {
            throw new ArgumentException($"PerReader[{index}].ShareMode {(int)mode} is not a share mode.");
        }
    }
}
