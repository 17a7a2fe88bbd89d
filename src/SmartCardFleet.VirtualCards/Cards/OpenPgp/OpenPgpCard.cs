using System.Text;
using static SmartCardFleet.VirtualCards.Cards.OpenPgp.OpenPgpDataObjects;

namespace SmartCardFleet.VirtualCards.Cards.OpenPgp;

/// <summary>
/// An OpenPGP card v3.4 (public specification): SELECT by AID D2 76 00 01 24 01, GET DATA for 4F, 5E, 65, 6E, C4,
/// C5, 7A and 5F52, VERIFY for PW1 (P2 81/82) and PW3 (83) with retry counters that persist across resets.
/// Until the application is selected every other command answers 6D 00 (strict: hosts always SELECT first).
/// Constructed DOs (65, 6E, 7A) are returned with their outer tag, simple ones as the bare value.
/// No keys: PSO, key generation and the like answer 6D 00.
/// </summary>
public sealed class OpenPgpCard : VirtualCardBase
{
    public const string DefaultUserPin = "123456";
    public const string DefaultAdminPin = "12345678";
    private const int DefaultTries = 3;

    private static readonly byte[] HistoricalBytes = [0x00, 0x31, 0xC5, 0x73, 0xC0, 0x01, 0x40, 0x00, 0x90, 0x00];

    private readonly byte[] _aid;
    private readonly string _cardholderName;
    private readonly byte[] _loginData;
    private readonly PinSlot _pw1;
    private readonly PinSlot _pw3;
    private bool _selected;
    private bool _pw1ForSigning;
    private bool _pw1ForOther;

    /// <param name="serialNumber">The 4-byte card serial in the AID.</param>
    /// <param name="manufacturer">Manufacturer id in the AID; FFFF is reserved for test cards.</param>
    public OpenPgpCard(uint serialNumber = 1, ushort manufacturer = 0xFFFF, string cardholderName = "Doe<<John",
        byte[]? loginData = null, string userPin = DefaultUserPin, string adminPin = DefaultAdminPin)
        : base("openpgp-3.4", AnswerToReset.WithCheckByte(
            [0x3B, 0xDA, 0x18, 0xFF, 0x81, 0xB1, 0xFE, 0x75, 0x1F, 0x03, .. HistoricalBytes]))
    {
        ArgumentNullException.ThrowIfNull(cardholderName);
        _aid =
        [
            .. ApplicationPrefix, 0x03, 0x04, (byte)(manufacturer >> 8), (byte)manufacturer,
            (byte)(serialNumber >> 24), (byte)(serialNumber >> 16), (byte)(serialNumber >> 8), (byte)serialNumber, 0x00, 0x00,
        ];
        _cardholderName = cardholderName;
        _loginData = loginData ?? [];
        _pw1 = new PinSlot(Encoding.UTF8.GetBytes(userPin), DefaultTries);
        _pw3 = new PinSlot(Encoding.UTF8.GetBytes(adminPin), DefaultTries);
    }

    /// <summary>RID D2 76 00 01 24 + application 01: enough to SELECT the OpenPGP application.</summary>
    public static byte[] ApplicationPrefix => [0xD2, 0x76, 0x00, 0x01, 0x24, 0x01];

    /// <summary>The full 16-byte AID (prefix, version 3.4, manufacturer, serial, RFU).</summary>
    public byte[] ApplicationId => [.. _aid];

    public int UserPinTriesLeft => WithLock(() => _pw1.TriesLeft);
    public int AdminPinTriesLeft => WithLock(() => _pw3.TriesLeft);

    protected override void OnReset()
    {
        _selected = false;
        _pw1ForSigning = false;
        _pw1ForOther = false;
        _pw1.ClearVerified();
        _pw3.ClearVerified();
    }

    protected override byte[] HandleCommand(CardCommand command)
    {
        if ((command.Cla & 0x80) != 0)
        {
            return StatusWords.Only(StatusWords.ClassNotSupported);
        }

        if (command.Ins == 0xA4)
        {
            return Select(command);
        }

        if (!_selected)
        {
            return StatusWords.Only(StatusWords.InstructionNotSupported);
        }

        return command.Ins switch
        {
            0xCA => GetData(command),
            0x20 => Verify(command),
            _ => StatusWords.Only(StatusWords.InstructionNotSupported),
        };
    }

    private byte[] Select(CardCommand command)
    {
        var name = command.Data.Span;
        if (command.P1 != 0x04 || name.Length < ApplicationPrefix.Length || !_aid.AsSpan().StartsWith(name))
        {
            return StatusWords.Only(StatusWords.FileNotFound);
        }

        _selected = true;
        return StatusWords.Only(StatusWords.Success);
    }

    private byte[] GetData(CardCommand command)
    {
        byte[]? value = command.P1P2 switch
        {
            0x004F => [.. _aid],
            0x005E => [.. _loginData],
            0x0065 => CardholderRelatedData(),
            0x006E => ApplicationRelatedData(),
            0x00C4 => PwStatusBytes(),
            0x00C5 => new byte[60],
            0x007A => Tlv(0x7A, Tlv(0x93, [0x00, 0x00, 0x00])),
            0x5F52 => [.. HistoricalBytes],
            _ => null,
        };
        return value is null ? StatusWords.Only(StatusWords.ReferencedDataNotFound) : RespondWithData(value, command);
    }

    private byte[] CardholderRelatedData() => Tlv(0x65, Concat(
        Tlv(0x5B, Encoding.UTF8.GetBytes(_cardholderName)),
        Tlv(0x5F2D, "en"u8),
        Tlv(0x5F35, "9"u8)));

    private byte[] ApplicationRelatedData() => Tlv(0x6E, Concat(
        Tlv(0x4F, _aid),
        Tlv(0x5F52, HistoricalBytes),
        Tlv(0x73, Concat(
            Tlv(0xC0, ExtendedCapabilities),
            Tlv(0xC1, Rsa2048Attributes),
            Tlv(0xC2, Rsa2048Attributes),
            Tlv(0xC3, Rsa2048Attributes),
            Tlv(0xC4, PwStatusBytes()),
            Tlv(0xC5, new byte[60]),
            Tlv(0xC6, new byte[60]),
            Tlv(0xCD, new byte[12])))));

    /// <summary>PW1 valid for one signature, max lengths 127, retry counters of PW1, RC (unset) and PW3.</summary>
    private byte[] PwStatusBytes() => [0x00, 0x7F, 0x7F, 0x7F, (byte)_pw1.TriesLeft, 0x00, (byte)_pw3.TriesLeft];

    private byte[] Verify(CardCommand command)
    {
        var pin = command.P2 switch
        {
            0x81 or 0x82 => _pw1,
            0x83 => _pw3,
            _ => null,
        };
        if (pin is null || command.P1 is not (0x00 or 0xFF))
        {
            return StatusWords.Only(StatusWords.IncorrectP1P2);
        }

        if (command.P1 == 0xFF)
        {
            SetVerified(command.P2, false);
            return StatusWords.Only(command.Data.IsEmpty ? StatusWords.Success : StatusWords.WrongLength);
        }

        if (command.Data.IsEmpty)
        {
            return StatusWords.Only(pin.IsBlocked ? StatusWords.AuthenticationMethodBlocked
                : IsVerified(command.P2) ? StatusWords.Success
                : StatusWords.TriesLeft(pin.TriesLeft));
        }

        var result = pin.Verify(command.Data.Span);
        if (result != StatusWords.Success && pin == _pw1)
        {
            // A wrong PW1 ends both of its verified states, whichever mode it was presented for.
            _pw1ForSigning = false;
            _pw1ForOther = false;
        }

        SetVerified(command.P2, result == StatusWords.Success);
        return StatusWords.Only(result);
    }

    private bool IsVerified(byte reference) => reference switch
    {
        0x81 => _pw1ForSigning,
        0x82 => _pw1ForOther,
        _ => _pw3.IsVerified,
    };

    private void SetVerified(byte reference, bool verified)
    {
        switch (reference)
        {
            case 0x81:
                _pw1ForSigning = verified;
                break;
            case 0x82:
                _pw1ForOther = verified;
                break;
            default:
                if (!verified)
                {
                    _pw3.ClearVerified();
                }

                break;
        }
    }
}
