using System.Text;

namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>
/// Log-safe renderings of APDUs. Bodies of commands that carry PINs or keys are replaced by
/// <c>[n bytes redacted]</c>; the header and Lc stay so traces remain useful.
/// </summary>
/// <remarks>
/// Redacted instructions: VERIFY (20, 21), CHANGE REFERENCE DATA (24, 25), RESET RETRY COUNTER (2C, 2D), whatever the
/// class byte, because proprietary classes reuse these codes for the same purpose. Plugins with other secret-bearing
/// instructions pass them as <c>extraSensitiveIns</c>.
/// </remarks>
public static class ApduRedactor
{
    private static readonly byte[] SensitiveIns = [0x20, 0x21, 0x24, 0x25, 0x2C, 0x2D];

    /// <summary>Whether the body of a command with this instruction byte carries secrets by default.</summary>
    /// <param name="ins">The instruction byte.</param>
    /// <returns>True for 20, 21, 24, 25, 2C and 2D.</returns>
    public static bool IsSensitiveInstruction(byte ins) => Array.IndexOf(SensitiveIns, ins) >= 0;

    /// <summary>Formats a command as spaced hex with secret bodies redacted.</summary>
    /// <param name="command">The command.</param>
    /// <param name="extraSensitiveIns">Further instruction bytes whose bodies must be redacted.</param>
    /// <returns>For example <c>00 20 00 81 06 [6 bytes redacted]</c>.</returns>
    public static string ForLog(CommandApdu command, IReadOnlyCollection<byte>? extraSensitiveIns = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ForLog(command.ToBytes(), extraSensitiveIns);
    }

    /// <summary>
    /// Formats raw command bytes as spaced hex with secret bodies redacted. Bytes that do not parse as an APDU are
    /// still redacted after the header when the instruction is sensitive.
    /// </summary>
    /// <param name="command">The encoded command.</param>
    /// <param name="extraSensitiveIns">Further instruction bytes whose bodies must be redacted.</param>
    /// <returns>The log-safe text.</returns>
    public static string ForLog(ReadOnlySpan<byte> command, IReadOnlyCollection<byte>? extraSensitiveIns = null)
    {
        if (command.Length < 4 || !IsSensitive(command[1], extraSensitiveIns))
        {
            return Hex.Format(command, ' ');
        }

        CommandApdu parsed;
        try
        {
            parsed = CommandApdu.Parse(command);
        }
        catch (FormatException)
        {
            return $"{Hex.Format(command[..4], ' ')} [{command.Length - 4} bytes redacted, malformed]";
        }

        if (parsed.Data.IsEmpty)
        {
            return Hex.Format(command, ' ');
        }

        // Header plus the Lc field (1 or 3 bytes) stay visible; data and any Le are hidden.
        var lcFieldLength = parsed.IsExtended ? 3 : 1;
        var text = new StringBuilder(Hex.Format(command[..(4 + lcFieldLength)], ' '));
        text.Append(" [").Append(parsed.Data.Length).Append(" bytes redacted]");
        if (parsed.Ne > 0)
        {
            var leLength = parsed.IsExtended ? 2 : 1;
            text.Append(' ').Append(Hex.Format(command[^leLength..], ' '));
        }

        return text.ToString();
    }

    /// <summary>Formats a response as spaced hex data followed by the status word.</summary>
    /// <param name="response">The response.</param>
    /// <param name="redactData">True to hide the data (for responses that carry key material).</param>
    /// <returns>For example <c>6F 10 84 … 90 00</c>.</returns>
    public static string ForLog(ResponseApdu response, bool redactData = false)
    {
        ArgumentNullException.ThrowIfNull(response);
        return redactData && !response.Data.IsEmpty
            ? $"[{response.Data.Length} bytes redacted] {response.Sw1:X2} {response.Sw2:X2}"
            : Hex.Format(response.ToBytes(), ' ');
    }

    private static bool IsSensitive(byte ins, IReadOnlyCollection<byte>? extra) =>
        IsSensitiveInstruction(ins) || (extra is not null && extra.Contains(ins));
}
