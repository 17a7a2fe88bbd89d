namespace SmartCardFleet.VirtualCards.Cards.FileSystem;

/// <summary>Builds a custom <see cref="Iso7816FileSystemCard"/>: a file tree under <see cref="MasterFile"/>, PINs, data objects.</summary>
public sealed class FileSystemCardBuilder
{
    private const string CardType = "iso7816-fs";

    private readonly Dictionary<byte, PinSlot> _pins = [];
    private readonly Dictionary<ushort, byte[]> _dataObjects = [];

    /// <summary>The MF (3F00); add DFs and EFs to it directly.</summary>
    public DedicatedFile MasterFile { get; } = new(0x3F00);

    /// <summary>A PIN addressed by VERIFY P2 = <paramref name="reference"/>.</summary>
    public FileSystemCardBuilder WithPin(byte reference, byte[] value, int maxTries = 3)
    {
        ArgumentNullException.ThrowIfNull(value);
        _pins[reference] = new PinSlot(value, maxTries);
        return this;
    }

    /// <summary>A GET DATA object addressed by P1 P2 = <paramref name="tag"/>.</summary>
    public FileSystemCardBuilder WithDataObject(ushort tag, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _dataObjects[tag] = [.. value];
        return this;
    }

    /// <summary>Adds files under the MF.</summary>
    public FileSystemCardBuilder WithFiles(Action<DedicatedFile> addFiles)
    {
        ArgumentNullException.ThrowIfNull(addFiles);
        addFiles(MasterFile);
        return this;
    }

    public Iso7816FileSystemCard Build() => new(CardType, DefaultPersonalisation.Atr, MasterFile, _pins, _dataObjects);
}
