using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.OpenPgp;

namespace SmartCardFleet.VirtualCards.Tests.Cards;

public class OpenPgpCardTests
{
    private const string Select = "00A4040006 D27600012401 00";
    private const string UserPin = "313233343536";
    private const string AdminPin = "3132333435363738";
    private readonly OpenPgpCard _card = new(serialNumber: 0x12345678);

    private string Send(string apdu) => Hex.Of(_card.Process(Hex.Bytes(apdu)));

    [Fact]
    public void Nothing_but_SELECT_works_before_the_application_is_selected()
    {
        Assert.Equal("6D00", Send("00CA004F00"));
        Assert.Equal("9000", Send(Select));
        Assert.Equal("6A82", Send("00A4040006 D27600012402 00"));
    }

    [Fact]
    public void GET_DATA_4F_returns_the_16_byte_AID_with_version_manufacturer_and_serial()
    {
        Send(Select);

        Assert.Equal("D2760001240103" + "04" + "FFFF" + "12345678" + "0000" + "9000", Send("00CA004F00"));
    }

    [Fact]
    public void Cardholder_data_holds_the_name_and_login_data_defaults_to_empty()
    {
        Send(Select);

        Assert.Equal("6514" + "5B09" + Convert.ToHexString("Doe<<John"u8) + "5F2D02656E" + "5F350139" + "9000", Send("00CA006500"));
        Assert.Equal("9000", Send("00CA005E00"));
    }

    [Fact]
    public void Application_related_data_carries_AID_fingerprints_and_PW_status()
    {
        Send(Select);

        var data = Send("00CA006E00");

        Assert.StartsWith("6E81", data, StringComparison.Ordinal);
        Assert.Contains("4F10D276000124010304FFFF123456780000", data, StringComparison.Ordinal);
        Assert.Contains("C407007F7F7F030003", data, StringComparison.Ordinal);
        Assert.Contains("C53C" + new string('0', 120), data, StringComparison.Ordinal);
        Assert.EndsWith("9000", data, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_user_PIN_decrements_its_counter_visible_in_C4_and_blocks_after_three()
    {
        Send(Select);

        Assert.Equal("63C2", Send("0020008106 303030303030"));
        Assert.Equal("007F7F7F0200039000", Send("00CA00C400"));
        Assert.Equal("63C1", Send("0020008206 303030303030"));
        Assert.Equal("6983", Send("0020008106 303030303030"));
        Assert.Equal("6983", Send("0020008106 " + UserPin));
        Assert.Equal(0, _card.UserPinTriesLeft);
        Assert.Equal(3, _card.AdminPinTriesLeft);
    }

    [Fact]
    public void Verify_PW1_for_one_mode_only_and_the_empty_query_tells_which()
    {
        Send(Select);

        Assert.Equal("63C3", Send("00200082"));
        Assert.Equal("9000", Send("0020008206 " + UserPin));
        Assert.Equal("9000", Send("00200082"));
        Assert.Equal("63C3", Send("00200081"));
    }

    [Fact]
    public void Verify_PW3_with_the_default_admin_PIN_and_reset_drops_it_but_keeps_counters()
    {
        Send(Select);
        Assert.Equal("63C2", Send("0020008308 3030303030303030"));
        Assert.Equal("9000", Send("0020008308 " + AdminPin));
        Assert.Equal("9000", Send("00200083"));

        _card.Reset();
        Send(Select);

        Assert.Equal("63C3", Send("00200083"));
        Assert.Equal(3, _card.AdminPinTriesLeft);
    }

    [Fact]
    public void Verify_with_P1_FF_resets_the_verified_state()
    {
        Send(Select);
        Send("0020008308 " + AdminPin);

        Assert.Equal("9000", Send("0020FF83"));
        Assert.Equal("63C3", Send("00200083"));
    }

    [Fact]
    public void Unknown_data_objects_and_references_are_refused()
    {
        Send(Select);

        Assert.Equal("6A88", Send("00CA012300"));
        Assert.Equal("6A86", Send("0020008406 " + UserPin));
    }

    [Fact]
    public void The_ATR_is_a_valid_OpenPGP_card_ATR()
    {
        Assert.True(AnswerToReset.HasValidCheckByte(_card.Atr));
        Assert.StartsWith("3BDA18FF81B1FE751F03", Hex.Of(_card.Atr), StringComparison.Ordinal);
        Assert.Equal(StatusWords.Success, StatusWords.Of(_card.Process(Hex.Bytes(Select))));
    }
}
