using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Benchmarks.Soak;

/// <summary>
/// Another PC/SC client resets the card under the station's feet: its own context, a shared connection to the same
/// reader, then either SCardReconnect(RESET) and a disconnect that leaves the card, or SCardDisconnect(RESET). For
/// pcscd this is another client exactly like a second process (pcscd tells clients apart by context, not by pid);
/// every other handle on the card then answers SCARD_W_RESET_CARD once.
/// </summary>
internal static class SecondContextReset
{
    /// <summary>Blocking (run it on its own thread); answers what PC/SC said, e.g. "reconnect Success".</summary>
    public static string Run(IPcscApi api, string reader, bool viaReconnect)
    {
        var rc = api.EstablishContext(PcscScope.System, out var context);
        if (rc != PcscError.Success)
        {
            return $"establish {rc}";
        }

        try
        {
            rc = api.Connect(context, reader, ShareMode.Shared, CardProtocol.Any, out var card, out _);
            if (rc != PcscError.Success)
            {
                return $"connect {rc}";
            }

            if (!viaReconnect)
            {
                return $"disconnect(reset) {api.Disconnect(card, CardDisposition.Reset)}";
            }

            rc = api.Reconnect(card, ShareMode.Shared, CardProtocol.Any, CardDisposition.Reset, out _);
            api.Disconnect(card, CardDisposition.Leave);
            return $"reconnect(reset) {rc}";
        }
        finally
        {
            api.ReleaseContext(context);
        }
    }
}
