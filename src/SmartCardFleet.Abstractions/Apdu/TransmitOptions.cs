namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>
/// How <see cref="ResponseHandlingChannel"/> treats 61xx and 6Cxx, per plugin (the switches OpenSC calls
/// <c>SC_APDU_FLAGS_NO_GET_RESP</c> and <c>SC_APDU_FLAGS_NO_RETRY_WL</c>).
/// </summary>
public sealed record TransmitOptions
{
    /// <summary>The defaults: GET RESPONSE on, wrong-Le retry on, CLA derived from the command, 64 KiB limit.</summary>
    public static TransmitOptions Default { get; } = new();

    /// <summary>On 61xx, fetch the rest with GET RESPONSE (Le = SW2, 00 = 256) and append it. Default true.</summary>
    public bool AutoGetResponse { get; init; } = true;

    /// <summary>On 6Cxx, resend the same command once with Ne = SW2 (00 = 256). Default true.</summary>
    public bool AutoRetryWrongLength { get; init; } = true;

    /// <summary>
    /// CLA of GET RESPONSE commands; null derives it from the command (<see cref="DeriveGetResponseCla"/>).
    /// Reusing a proprietary command CLA breaks some cards, so set this explicitly when a card wants one.
    /// </summary>
    public byte? GetResponseCla { get; init; }

    /// <summary>Maximum GET RESPONSE exchanges for one command before giving up (guards against 61xx loops). Default 256.</summary>
    public int MaxGetResponseRounds { get; init; } = 256;

    /// <summary>Maximum accumulated response data in bytes. Default 65536.</summary>
    public int MaxResponseLength { get; init; } = CommandApdu.MaxNe;

    /// <summary>
    /// When true, accumulated data longer than the command's Ne is an error. Default false, because cards answer
    /// short Le 00 with longer 61xx chains (for example certificates read with short APDUs).
    /// </summary>
    public bool EnforceExpectedLength { get; init; }

    /// <summary>
    /// The GET RESPONSE class byte used when <see cref="GetResponseCla"/> is null: interindustry classes keep their
    /// logical channel and drop secure-messaging and chaining bits; proprietary classes (b8 = 1) use 00.
    /// </summary>
    /// <param name="commandCla">The CLA of the command that returned 61xx.</param>
    /// <returns>The CLA for GET RESPONSE.</returns>
    public static byte DeriveGetResponseCla(byte commandCla) => commandCla switch
    {
        >= 0x80 => 0x00,
        >= 0x40 => (byte)(0x40 | (commandCla & 0x0F)), // further interindustry: channels 4-19 in b4-b1
        _ => (byte)(commandCla & 0x03),                // first interindustry: channels 0-3 in b2-b1
    };
}
