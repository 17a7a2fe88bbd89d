namespace SmartCardFleet.VirtualCards.Cards.FileSystem;

/// <summary>Who may read or write a file: anyone, whoever verified the PIN with this reference, or nobody.</summary>
public readonly record struct AccessCondition(byte? PinReference, bool IsNever = false)
{
    public static AccessCondition Always => new(null);

    public static AccessCondition Never => new(null, IsNever: true);

    public static AccessCondition Pin(byte reference) => new(reference);
}

/// <summary>A node of the ISO 7816-4 file tree.</summary>
public abstract class CardFile(ushort fileId)
{
    public ushort FileId { get; } = fileId;
    public DedicatedFile? Parent { get; internal set; }

    /// <summary>Short EF identifier (1–30) for READ BINARY/READ RECORD without SELECT, or null.</summary>
    public byte? ShortId { get; init; }

    public AccessCondition Read { get; init; } = AccessCondition.Always;
    public AccessCondition Write { get; init; } = AccessCondition.Always;
}

/// <summary>MF or DF; <see cref="Name"/> is the DF name (AID) for SELECT by name.</summary>
public sealed class DedicatedFile(ushort fileId, byte[]? name = null) : CardFile(fileId)
{
    private readonly List<CardFile> _children = [];

    public IReadOnlyList<byte> Name { get; } = name ?? [];
    public IReadOnlyList<CardFile> Children => _children;

    public T Add<T>(T child)
        where T : CardFile
    {
        ArgumentNullException.ThrowIfNull(child);
        if (_children.Exists(c => c.FileId == child.FileId))
        {
            throw new InvalidOperationException($"File {child.FileId:X4} already exists in DF {FileId:X4}.");
        }

        if (child.ShortId is { } sfi && (sfi is 0 or > 30 || _children.Exists(c => c.ShortId == sfi)))
        {
            throw new InvalidOperationException($"Short EF id {sfi} is invalid or used twice in DF {FileId:X4}.");
        }

        child.Parent = this;
        _children.Add(child);
        return child;
    }

    public CardFile? Child(ushort fileId) => _children.Find(c => c.FileId == fileId);

    public CardFile? ChildByShortId(byte shortId) => _children.Find(c => c.ShortId == shortId);
}

/// <summary>A transparent EF of fixed size; its content persists across resets.</summary>
public sealed class TransparentFile : CardFile
{
    public TransparentFile(ushort fileId, byte[] content, int? size = null)
        : base(fileId)
    {
        ArgumentNullException.ThrowIfNull(content);
        int capacity = size ?? content.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, content.Length);
        Content = new byte[capacity];
        content.CopyTo(Content, 0);
    }

    internal byte[] Content { get; }

    public int Size => Content.Length;
}

/// <summary>A linear-fixed record EF: every record has <see cref="RecordLength"/> bytes (shorter input is padded with FF).</summary>
public sealed class RecordFile : CardFile
{
    public RecordFile(ushort fileId, int recordLength, IEnumerable<byte[]> records)
        : base(fileId)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThan(recordLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recordLength, 255);
        RecordLength = recordLength;
        foreach (var record in records)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(record.Length, recordLength);
            var padded = Enumerable.Repeat((byte)0xFF, recordLength).ToArray();
            record.CopyTo(padded, 0);
            Records.Add(padded);
        }
    }

    public int RecordLength { get; }
    internal List<byte[]> Records { get; } = [];
}
