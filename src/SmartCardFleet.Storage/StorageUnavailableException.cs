namespace SmartCardFleet.Storage;

/// <summary>A read of the station's database failed; the message is the reason without any password (the host answers
/// 503 with it). The engine's own exception is the inner one, for the log.</summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
