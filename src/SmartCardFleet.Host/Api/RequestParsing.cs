using SmartCardFleet.Abstractions.Text;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Core;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Host.Api;

/// <summary>Turns request text into typed values, or a message that says what is wrong and what would be right.</summary>
public static class RequestParsing
{
    /// <summary>The separators of a flags list in a request body ("T0, T1" or "T0|T1").</summary>
    public const string FlagSeparators = ",|";

    /// <summary>Enum names only (see <see cref="EnumNames"/>): one name, or for flags a list of names. Absent (null)
    /// means <paramref name="fallback"/>; anything else that is not a name is refused, naming the field.</summary>
    public static bool TryEnum<T>(string? text, T fallback, string field, out T value, out FieldProblem? problem)
        where T : struct, Enum
    {
        problem = null;
        value = fallback;
        if (text is null)
        {
            return true;
        }

        if (!EnumNames.TryParse(typeof(T), text, FlagSeparators, out var parsed))
        {
            problem = new FieldProblem(field,
                $"{field} \"{Bounded.Echo(text)}\" is not {EnumNames.Expected(typeof(T), FlagSeparators)}");
            return false;
        }

        value = (T)parsed;
        return true;
    }

    /// <summary>Share mode and preferred protocols of an attach or reconnect, with the defaults for absent fields.</summary>
    public static bool TryConnection(string? shareModeText, string? protocolsText, ReaderOptions defaults,
        out ShareMode shareMode, out CardProtocol protocols, out FieldProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        protocols = defaults.Protocols;
        if (!TryEnum(shareModeText, defaults.ShareMode, "shareMode", out shareMode, out problem)
            || !TryEnum(protocolsText, defaults.Protocols, "protocols", out protocols, out problem))
        {
            return false;
        }

        if (!PreferredProtocols.Valid(protocols, shareMode))
        {
            problem = new FieldProblem("protocols", $"protocols {protocols} cannot be asked for with share mode {shareMode}: " +
                $"a card is attached with {PreferredProtocols.Rule}");
            return false;
        }

        return true;
    }

    /// <summary>A command APDU in hex: separators allowed, even digit count, 4..65544 bytes.</summary>
    public static bool TryApdu(string? text, string field, out byte[] apdu, out string? problem)
    {
        apdu = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = $"{field} is required: a command APDU in hex, e.g. \"00A4040000\"";
            return false;
        }

        try
        {
            apdu = Hex.Parse(text);
        }
        catch (FormatException e)
        {
            problem = $"{field}: {e.Message}";
            return false;
        }

        if (apdu.Length is < Transmit.MinLength or > Transmit.MaxLength)
        {
            problem = $"{field}: a command APDU is {Transmit.MinLength}..{Transmit.MaxLength} bytes (CLA INS P1 P2 [Lc data] [Le]); got {apdu.Length}";
            return false;
        }

        problem = null;
        return true;
    }
}

/// <summary>What is wrong with one request field; the 400 answer carries the field's name as "field".</summary>
public sealed record FieldProblem(string Field, string Detail);
