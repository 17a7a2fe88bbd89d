using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace SmartCardFleet.Host.Security;

/// <summary>How a token is written in configuration: "sha256:" followed by the 64 lower-case hex digits of the SHA-256
/// of its UTF-8 bytes. Tokens are random 32-byte values, so an unsalted fast hash cannot be reversed by guessing.</summary>
public static class TokenHash
{
    public const string Prefix = "sha256:";

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static byte[] Of(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    public static string Format(string token) => Prefix + Convert.ToHexStringLower(Of(token));

    /// <summary>The 32 hash bytes of a configured "sha256:&lt;hex&gt;" (either case of hex digits).</summary>
    public static bool TryParse(string? text, out byte[] hash)
    {
        hash = [];
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length != Prefix.Length + 64
            || text.AsSpan(Prefix.Length).ContainsAnyExcept(HexDigits))
        {
            return false;
        }

        hash = Convert.FromHexString(text.AsSpan(Prefix.Length));
        return true;
    }
}
