using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Iso7816;

namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>
/// A convenient base for plugins: <see cref="Match"/> from the manifest's ATR patterns and a
/// <see cref="ProbeAsync"/> that SELECTs the manifest's probe AIDs. Override either when a card needs more.
/// </summary>
public abstract class CardPluginBase : ICardPlugin
{
    /// <summary>Creates the plugin with its manifest.</summary>
    /// <param name="manifest">The declaration.</param>
    /// <exception cref="ArgumentException">The manifest is invalid (the message lists every problem).</exception>
    protected CardPluginBase(PluginManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var problems = manifest.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid manifest for plugin \"{manifest.Id}\": {string.Join(" ", problems)}", nameof(manifest));
        }

        Manifest = manifest;
    }

    /// <inheritdoc />
    public PluginManifest Manifest { get; }

    /// <summary>True when any manifest ATR pattern matches, or when the manifest has none (the probe decides).</summary>
    /// <param name="atr">The card's ATR.</param>
    /// <returns>True when the plugin is a candidate.</returns>
    public virtual bool Match(Atr atr)
    {
        ArgumentNullException.ThrowIfNull(atr);
        return Manifest.AtrPatterns.Count == 0 || Manifest.AtrPatterns.Any(p => p.Matches(atr));
    }

    /// <summary>
    /// SELECTs each probe AID by name (first occurrence, FCI) and accepts the card on the first 90 00. With no probe
    /// AIDs the card is accepted on the ATR match alone.
    /// </summary>
    /// <param name="channel">The card channel.</param>
    /// <param name="cancellationToken">Cancels between exchanges.</param>
    /// <returns>True when an AID answered 90 00.</returns>
    public virtual async Task<bool> ProbeAsync(ICardChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (Manifest.ProbeAids.Count == 0)
        {
            return true;
        }

        var card = channel.WithResponseHandling(Manifest.ResponseHandling);
        var iso = new Iso7816Builder();
        foreach (var aid in Manifest.ProbeAids)
        {
            var response = await card.TransmitAsync(iso.SelectByName(aid.Bytes.Span), cancellationToken);
            if (response.IsSuccess)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public abstract Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken);
}
