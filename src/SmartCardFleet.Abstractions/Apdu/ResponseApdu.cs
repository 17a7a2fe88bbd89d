using System.Text.Json.Serialization;

namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>An immutable response APDU: response data followed by the status word SW1-SW2.</summary>
/// <remarks>
/// <see cref="IsSuccess"/> is true only for 90 00. A 61xx that reaches a plugin means the response pipeline was
/// switched off (<see cref="TransmitOptions.AutoGetResponse"/>) and the caller has to send GET RESPONSE itself, so
/// it is reported through <see cref="MoreDataAvailable"/> and never counted as success.
/// </remarks>
[JsonConverter(typeof(ResponseApduJsonConverter))]
public sealed record ResponseApdu
{
    private readonly ReadOnlyMemory<byte> _data;

    /// <summary>Creates a response from data and status word.</summary>
    /// <param name="data">Response data (copied); empty for none.</param>
    /// <param name="statusWord">The trailing status word.</param>
    public ResponseApdu(ReadOnlySpan<byte> data, StatusWord statusWord)
    {
        _data = data.ToArray();
        StatusWord = statusWord;
    }

    /// <summary>Creates a data-less response with the given status word.</summary>
    /// <param name="statusWord">The status word.</param>
    public ResponseApdu(StatusWord statusWord)
        : this(ReadOnlySpan<byte>.Empty, statusWord)
    {
    }

    /// <summary>Response data without the status bytes (copied on init, so the response stays immutable).</summary>
    public ReadOnlyMemory<byte> Data
    {
        get => _data;
        init => _data = value.ToArray();
    }

    /// <summary>The status word.</summary>
    public StatusWord StatusWord { get; init; }

    /// <summary>The first status byte.</summary>
    public byte Sw1 => StatusWord.Sw1;

    /// <summary>The second status byte.</summary>
    public byte Sw2 => StatusWord.Sw2;

    /// <summary>True only for 90 00 (see the remarks on 61xx).</summary>
    public bool IsSuccess => StatusWord.IsSuccess;

    /// <summary>True for 62xx and 63xx: the command ran but the card warns (for example 63Cx wrong PIN).</summary>
    public bool IsWarning => Sw1 is 0x62 or 0x63;

    /// <summary>True for 61xx: more response bytes wait to be fetched with GET RESPONSE.</summary>
    public bool MoreDataAvailable => Sw1 == 0x61;

    /// <summary>For 61xx: the number of bytes available (SW2, where 00 means 256); otherwise null.</summary>
    public int? BytesAvailable => MoreDataAvailable ? LengthFromSw2 : null;

    /// <summary>True for 6Cxx: wrong Le; the command must be resent with Le = SW2.</summary>
    public bool WrongLength => Sw1 == 0x6C;

    /// <summary>For 6Cxx: the exact Ne to resend with (SW2, where 00 means 256); otherwise null.</summary>
    public int? CorrectLe => WrongLength ? LengthFromSw2 : null;

    /// <summary>For 63Cx: the number of verification retries left (x); otherwise null.</summary>
    public int? RetriesLeft => Sw1 == 0x63 && (Sw2 & 0xF0) == 0xC0 ? Sw2 & 0x0F : null;

    private int LengthFromSw2 => Sw2 == 0 ? 256 : Sw2;

    /// <summary>Decodes a response: everything before the last two bytes is data.</summary>
    /// <param name="response">The raw response bytes.</param>
    /// <returns>The response.</returns>
    /// <exception cref="FormatException">Fewer than two bytes (no status word).</exception>
    public static ResponseApdu Parse(ReadOnlySpan<byte> response)
    {
        if (response.Length < 2)
        {
            throw new FormatException(
                $"A response APDU ends with the two status bytes SW1 SW2; got only {response.Length} byte(s).");
        }

        return new ResponseApdu(response[..^2], new StatusWord(response[^2], response[^1]));
    }

    /// <summary>Encodes as data followed by SW1 SW2.</summary>
    /// <returns>The raw response bytes.</returns>
    public byte[] ToBytes()
    {
        var bytes = new byte[Data.Length + 2];
        Data.Span.CopyTo(bytes);
        bytes[^2] = Sw1;
        bytes[^1] = Sw2;
        return bytes;
    }

    /// <summary>Compares status word and data by content.</summary>
    /// <param name="other">The other response.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(ResponseApdu? other) =>
        other is not null && StatusWord == other.StatusWord && Data.Span.SequenceEqual(other.Data.Span);

    /// <summary>Hash over status word and data.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(StatusWord);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }

    /// <summary>Data length and status, for example <c>[12 bytes] 9000 (Success)</c>; the data itself is not printed.</summary>
    /// <returns>A log-safe summary.</returns>
    public override string ToString() => $"[{Data.Length} bytes] {StatusWord}";
}
