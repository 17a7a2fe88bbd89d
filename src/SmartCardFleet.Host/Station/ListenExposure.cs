namespace SmartCardFleet.Host.Station;

/// <summary>The addresses Kestrel actually bound, recorded by <see cref="ListenAddressGuard"/> before the first request
/// is served; the Host header rule depends on whether all of them are loopback.</summary>
public sealed class ListenExposure
{
    private volatile IReadOnlyList<string> _addresses = [];

    public IReadOnlyList<string> Addresses => _addresses;

    /// <summary>True until something else is known: a station that has not bound yet serves nobody.</summary>
    public bool LoopbackOnly => _addresses.All(Configuration.ListenUrl.IsLoopback);

    internal void Record(IReadOnlyList<string> addresses) => _addresses = addresses;
}
