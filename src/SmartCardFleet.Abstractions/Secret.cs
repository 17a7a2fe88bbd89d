using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace SmartCardFleet.Abstractions;

/// <summary>
/// Secret bytes such as a PIN, PUK or key. Never printed (<see cref="ToString"/> returns <c>***</c>), written to
/// JSON as <c>"***"</c>, and zeroised by <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Reading JSON accepts a string and takes its UTF-8 bytes as the secret, so requests can carry PINs while
/// responses, logs and events never reveal one. The bytes are copied in; callers should zero their own copies.
/// </remarks>
[JsonConverter(typeof(SecretJsonConverter))]
public sealed class Secret : IDisposable
{
    /// <summary>The text that stands for a secret in logs and JSON.</summary>
    public const string Redacted = "***";

    private readonly byte[] _bytes;
    private bool _disposed;

    /// <summary>Creates a secret from a copy of the given bytes.</summary>
    /// <param name="bytes">The secret bytes.</param>
    public Secret(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes.ToArray();
    }

    /// <summary>The number of secret bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>Whether <see cref="Dispose"/> has run and the bytes are zeroised.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Creates a secret from the UTF-8 bytes of a text, for example a PIN typed as digits.</summary>
    /// <param name="text">The secret text.</param>
    /// <returns>The secret.</returns>
    public static Secret FromUtf8(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        try
        {
            return new Secret(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The secret bytes, valid until <see cref="Dispose"/>. Do not keep or log the span.</summary>
    /// <returns>A read-only view of the secret.</returns>
    /// <exception cref="ObjectDisposedException">The secret was disposed.</exception>
    public ReadOnlySpan<byte> Reveal()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _bytes;
    }

    /// <summary>Constant-time comparison with other bytes.</summary>
    /// <param name="other">Bytes to compare with.</param>
    /// <returns>True when equal in length and content.</returns>
    /// <exception cref="ObjectDisposedException">The secret was disposed.</exception>
    public bool FixedTimeEquals(ReadOnlySpan<byte> other) =>
        CryptographicOperations.FixedTimeEquals(Reveal(), other);

    /// <summary>Overwrites the bytes with zeros; later <see cref="Reveal"/> calls throw.</summary>
    public void Zeroize() => Dispose();

    /// <summary>Overwrites the bytes with zeros; later <see cref="Reveal"/> calls throw.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_bytes);
        _disposed = true;
    }

    /// <summary>Always <c>***</c>, whatever the content.</summary>
    /// <returns>The redaction marker.</returns>
    public override string ToString() => Redacted;
}
