using System.Text.Json.Serialization;

namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>
/// An immutable ISO/IEC 7816-4 command APDU. The case (1–4) and short vs extended length encoding are derived
/// from <see cref="Data"/> and <see cref="Ne"/>; use <c>with</c> expressions to vary fields.
/// </summary>
/// <remarks>
/// <see cref="Ne"/> is the maximum number of response bytes expected (0 = none, 1–256 fits a short Le,
/// up to 65536 needs an extended Le). <see cref="ToString"/> is log-safe: bodies of VERIFY, CHANGE REFERENCE DATA
/// and RESET RETRY COUNTER are redacted (see <see cref="ApduRedactor"/>).
/// </remarks>
[JsonConverter(typeof(CommandApduJsonConverter))]
public sealed record CommandApdu
{
    /// <summary>Largest command data field (Nc) an extended APDU can carry.</summary>
    public const int MaxDataLength = 65535;

    /// <summary>Largest expected response length (Ne), encoded as extended Le 00 00.</summary>
    public const int MaxNe = 65536;

    /// <summary>Largest encoded command: 4 header bytes, 3 Lc bytes, 65535 data bytes, 2 Le bytes.</summary>
    public const int MaxEncodedLength = 65544;

    private readonly ReadOnlyMemory<byte> _data;
    private readonly int _ne;

    /// <summary>Creates a command APDU.</summary>
    /// <param name="cla">Class byte.</param>
    /// <param name="ins">Instruction byte.</param>
    /// <param name="p1">Parameter 1.</param>
    /// <param name="p2">Parameter 2.</param>
    /// <param name="data">Command data (copied); empty for none. At most 65535 bytes.</param>
    /// <param name="ne">Expected response length 0–65536 (0 = no response data expected).</param>
    /// <exception cref="ArgumentException">The data is longer than 65535 bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ne"/> is outside 0–65536.</exception>
    public CommandApdu(byte cla, byte ins, byte p1, byte p2, ReadOnlySpan<byte> data = default, int ne = 0)
    {
        Cla = cla;
        Ins = ins;
        P1 = p1;
        P2 = p2;
        _data = CheckedData(data).ToArray();
        Ne = ne;
    }

    /// <summary>Class byte.</summary>
    public byte Cla { get; init; }

    /// <summary>Instruction byte.</summary>
    public byte Ins { get; init; }

    /// <summary>Parameter 1.</summary>
    public byte P1 { get; init; }

    /// <summary>Parameter 2.</summary>
    public byte P2 { get; init; }

    /// <summary>Command data (Nc = length), copied on init so later changes to the caller's buffer cannot alter the
    /// command. Empty for cases 1 and 2. At most 65535 bytes.</summary>
    /// <exception cref="ArgumentException">On init, when longer than 65535 bytes.</exception>
    public ReadOnlyMemory<byte> Data
    {
        get => _data;
        init => _data = CheckedData(value.Span).ToArray();
    }

    /// <summary>Expected response length: 0 = none, 256 is sent as short Le 00, 65536 as extended Le 00 00.</summary>
    /// <exception cref="ArgumentOutOfRangeException">On init, when outside 0–65536.</exception>
    public int Ne
    {
        get => _ne;
        init
        {
            if (value is < 0 or > MaxNe)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(Ne), value, $"Ne must be between 0 (no response data) and {MaxNe}.");
            }

            _ne = value;
        }
    }

    /// <summary>
    /// Forces extended length fields even when the lengths fit the short form. <see cref="Parse"/> sets it when the
    /// input used extended fields, so encode/parse round trips are byte-exact.
    /// </summary>
    public bool ForceExtended { get; init; }

    /// <summary>The ISO case derived from <see cref="Data"/> and <see cref="Ne"/>.</summary>
    public ApduCase Case => (Data.IsEmpty, Ne == 0) switch
    {
        (true, true) => ApduCase.Case1,
        (true, false) => ApduCase.Case2,
        (false, true) => ApduCase.Case3,
        (false, false) => ApduCase.Case4,
    };

    /// <summary>True when the encoding uses extended Lc/Le fields (Nc &gt; 255, Ne &gt; 256, or <see cref="ForceExtended"/>).</summary>
    public bool IsExtended => Case != ApduCase.Case1 && (ForceExtended || Data.Length > 255 || Ne > 256);

    /// <summary>Nc, the length of the command data.</summary>
    public int Lc => Data.Length;

    /// <summary>Encodes the APDU to bytes (same as <see cref="Encode"/>).</summary>
    /// <returns>The encoded command, 4 to 65544 bytes.</returns>
    public byte[] ToBytes() => ApduCodec.Encode(this);

    /// <summary>Encodes the APDU to bytes.</summary>
    /// <returns>The encoded command, 4 to 65544 bytes.</returns>
    public byte[] Encode() => ApduCodec.Encode(this);

    /// <summary>Decodes a command APDU following the ISO/IEC 7816-3 length rules.</summary>
    /// <param name="apdu">The encoded command.</param>
    /// <returns>The command, with <see cref="ForceExtended"/> set when extended fields were used.</returns>
    /// <exception cref="FormatException">The bytes are not a well-formed case 1–4 APDU (the message says why).</exception>
    public static CommandApdu Parse(ReadOnlySpan<byte> apdu) => ApduCodec.Decode(apdu);

    /// <summary>Compares all fields, including the data bytes by content.</summary>
    /// <param name="other">The other command.</param>
    /// <returns>True when both encode the same command.</returns>
    public bool Equals(CommandApdu? other) =>
        other is not null
        && Cla == other.Cla && Ins == other.Ins && P1 == other.P1 && P2 == other.P2
        && Ne == other.Ne && IsExtended == other.IsExtended
        && Data.Span.SequenceEqual(other.Data.Span);

    /// <summary>Hash over header, lengths and data.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Cla);
        hash.Add(Ins);
        hash.Add(P1);
        hash.Add(P2);
        hash.Add(Ne);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }

    private static ReadOnlySpan<byte> CheckedData(ReadOnlySpan<byte> data) =>
        data.Length > MaxDataLength
            ? throw new ArgumentException(
                $"Command data is {data.Length} bytes; Lc allows at most {MaxDataLength} bytes (use command chaining).",
                nameof(Data))
            : data;

    /// <summary>Log-safe hex form; secret bodies are redacted by <see cref="ApduRedactor"/>.</summary>
    /// <returns>For example <c>00 A4 04 00 07 A0 00 00 03 08 00 00 00</c> or <c>00 20 00 81 06 [6 bytes redacted]</c>.</returns>
    public override string ToString() => ApduRedactor.ForLog(this);
}
