using System.Globalization;
using System.Text;

namespace SmartCardFleet.VirtualCards.Fleet;

/// <summary>
/// The 16-reader vpcd fleet as data: names, ports and the reader configuration pcscd reads. vpcd 0.8 keeps slot
/// state in static variables, so each configuration entry needs its own copy of the driver file (docs/test-fleet.md,
/// "One driver copy per reader entry"): 8 entries × 2 slots = the 16 readers pcsc-lite 1.9.9 serves. Pure: nothing
/// here touches the disk.
/// </summary>
public sealed class VpcdFleetLayout
{
    /// <summary>Slot 0 of entry <c>i</c> listens on BasePort + 2·i, slot 1 one above: 30963–30978. Not vpcd's own
    /// default 35963, which lies in Linux's ephemeral range (32768–60999): a client socket in TIME_WAIT there makes a
    /// restarted pcscd lose that reader ("Address already in use"). docs/test-fleet.md, "Ports".</summary>
    public const int DefaultBasePort = 30963;

    public const int DefaultEntryCount = 8;

    public const int SlotsPerEntry = 2;

    public VpcdFleetLayout(int entryCount = DefaultEntryCount, int basePort = DefaultBasePort)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(entryCount, 1);
        // PCSCLITE_MAX_READERS_CONTEXTS is 16 on pcsc-lite < 2.5: more entries would silently lose readers.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(entryCount, DefaultEntryCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(basePort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(basePort, 65535 - (entryCount * SlotsPerEntry));
        EntryCount = entryCount;
        BasePort = basePort;
        Readers = Enumerable.Range(0, entryCount)
            .SelectMany(entry => Enumerable.Range(0, SlotsPerEntry).Select(slot => new VpcdReaderSlot(
                (entry * SlotsPerEntry) + slot, entry, slot, ReaderName(entry, slot), PortOf(entry, slot))))
            .ToList();
    }

    public int EntryCount { get; }

    public int BasePort { get; }

    public IReadOnlyList<VpcdReaderSlot> Readers { get; }

    /// <summary>pcsc-lite names a reader "FRIENDLYNAME &lt;reader index&gt; &lt;slot&gt;" in two hex digits each;
    /// with one distinct friendly name per entry the index is always 00.</summary>
    public static string ReaderName(int entry, int slot) =>
        string.Create(CultureInfo.InvariantCulture, $"{FriendlyName(entry)} 00 {slot:X2}");

    public static string FriendlyName(int entry) => string.Create(CultureInfo.InvariantCulture, $"Virtual PCD {entry}");

    public static string DriverFileName(int entry) =>
        string.Create(CultureInfo.InvariantCulture, $"libifdvpcd{entry}.so");

    public static string ConfigFileName(int entry) => string.Create(CultureInfo.InvariantCulture, $"vpcd{entry}.conf");

    public int PortOf(int entry, int slot) => BasePort + (entry * SlotsPerEntry) + slot;

    public VpcdReaderSlot Reader(int index) => Readers[index];

    public VpcdReaderSlot ReaderByName(string name) =>
        Readers.FirstOrDefault(r => r.ReaderName == name)
        ?? throw new ArgumentException($"'{name}' is not a reader of this fleet.", nameof(name));

    /// <summary>One reader.conf entry; the channel id is the port of slot 0, which vpcd uses as its listen port.</summary>
    public string ConfigEntry(int entry, string driverDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(entry);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(entry, EntryCount);
        var port = PortOf(entry, 0);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"FRIENDLYNAME \"{FriendlyName(entry)}\"\n");
        text.Append(CultureInfo.InvariantCulture, $"DEVICENAME   /dev/null:0x{port:X}\n");
        text.Append(CultureInfo.InvariantCulture, $"LIBPATH      {Path.Combine(driverDirectory, DriverFileName(entry))}\n");
        text.Append(CultureInfo.InvariantCulture, $"CHANNELID    0x{port:X}\n");
        return text.ToString();
    }
}
