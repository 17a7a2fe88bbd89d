namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>Helpers on <see cref="ICardChannel"/>.</summary>
public static class CardChannelExtensions
{
    /// <summary>
    /// Wraps the channel in a <see cref="ResponseHandlingChannel"/> with the given options; a channel that already
    /// is one with the same options is returned unchanged.
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <param name="options">The switches; null for <see cref="TransmitOptions.Default"/>.</param>
    /// <returns>The decorated channel.</returns>
    public static ICardChannel WithResponseHandling(this ICardChannel channel, TransmitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var wanted = options ?? TransmitOptions.Default;
        return channel is ResponseHandlingChannel existing && existing.Options == wanted
            ? channel
            : new ResponseHandlingChannel(channel, wanted);
    }
}
