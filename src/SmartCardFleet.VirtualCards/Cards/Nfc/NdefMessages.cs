using System.Text;

namespace SmartCardFleet.VirtualCards.Cards.Nfc;

/// <summary>Builds small NDEF messages (NFC Forum NDEF and URI RTD) for tag personalisation.</summary>
public static class NdefMessages
{
    private static readonly (string Prefix, byte Code)[] UriPrefixes =
    [
        ("https://www.", 0x02), ("http://www.", 0x01), ("https://", 0x04), ("http://", 0x03),
    ];

    /// <summary>One short, well-known URI record ("U") with the URI prefix abbreviated.</summary>
    public static byte[] Uri(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        byte code = 0x00;
        string rest = uri;
        foreach (var (prefix, prefixCode) in UriPrefixes)
        {
            if (uri.StartsWith(prefix, StringComparison.Ordinal))
            {
                code = prefixCode;
                rest = uri[prefix.Length..];
                break;
            }
        }

        byte[] payload = [code, .. Encoding.UTF8.GetBytes(rest)];
        if (payload.Length > 255)
        {
            throw new ArgumentException("A short record holds at most 255 payload bytes.", nameof(uri));
        }

        // D1: MB | ME | SR, TNF 1 (well-known); type length 1; payload length; type "U".
        return [0xD1, 0x01, (byte)payload.Length, (byte)'U', .. payload];
    }
}
