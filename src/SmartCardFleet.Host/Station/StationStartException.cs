namespace SmartCardFleet.Host.Station;

/// <summary>The station cannot start as configured; the message says what to change. `fleet run` prints it and exits 2.</summary>
public sealed class StationStartException : Exception
{
    public StationStartException()
    {
    }

    public StationStartException(string message)
        : base(message)
    {
    }

    public StationStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
