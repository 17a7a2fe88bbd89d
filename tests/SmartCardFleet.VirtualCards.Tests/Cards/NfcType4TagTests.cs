using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.Nfc;

namespace SmartCardFleet.VirtualCards.Tests.Cards;

public class NfcType4TagTests
{
    private const string SelectNdefApplication = "00A4040007 D2760000850101 00";
    private readonly NfcType4Tag _tag = new();

    private string Send(string apdu) => Hex.Of(_tag.Process(Hex.Bytes(apdu)));

    [Fact]
    public void The_NDEF_detection_procedure_reads_the_capability_container()
    {
        Assert.Equal("9000", Send(SelectNdefApplication));
        Assert.Equal("9000", Send("00A4000C02 E103"));

        var cc = Send("00B000000F");

        Assert.Equal("000F2000FF00FF0406E10404000000" + "9000", cc);
    }

    [Fact]
    public void The_default_NDEF_file_holds_NLEN_and_a_URI_record_for_example_com()
    {
        Send(SelectNdefApplication);
        Send("00A4000C02 E104");

        Assert.Equal("0010" + "9000", Send("00B0000002"));
        Assert.Equal("D1010C5504" + Convert.ToHexString("example.com"u8) + "9000", Send("00B0000210"));
    }

    [Fact]
    public void An_update_of_the_NDEF_file_persists_across_resets()
    {
        var message = NdefMessages.Uri("https://smartcardfleet.test");
        Send(SelectNdefApplication);
        Send("00A4000C02 E104");

        Assert.Equal("9000", Send("00D60000" + (message.Length + 2).ToString("X2", null) + "00" + message.Length.ToString("X2", null) + Hex.Of(message)));
        _tag.Reset();

        Assert.Equal(message, _tag.NdefMessage);
    }

    [Fact]
    public void The_capability_container_is_read_only()
    {
        Send(SelectNdefApplication);
        Send("00A4000C02 E103");

        Assert.Equal("6982", Send("00D6000001 00"));
    }

    [Fact]
    public void Files_are_not_found_before_the_application_is_selected_and_UID_comes_from_the_reader()
    {
        Assert.Equal("6A82", Send("00A4000C02 E103"));
        Assert.Equal("04517CA23B6E809000", Send("FFCA000000"));
        Assert.Equal("0677777102809000", Send("FFCA010000"));
    }

    [Fact]
    public void The_ATR_is_the_part3_ISO14443_4_one_and_a_configured_message_is_served()
    {
        var tag = new NfcType4Tag(ndefMessage: [0xD0, 0x00, 0x00]);

        Assert.Equal("3B80800101", Hex.Of(tag.Atr));
        Assert.Equal([0xD0, 0x00, 0x00], tag.NdefMessage);
    }

    [Fact]
    public void A_URI_message_abbreviates_known_prefixes()
    {
        Assert.Equal("D1010C5504" + Convert.ToHexString("example.com"u8), Hex.Of(NdefMessages.Uri("https://example.com")));
        Assert.Equal("D101075500" + Convert.ToHexString("tel:12"u8), Hex.Of(NdefMessages.Uri("tel:12")));
        Assert.Equal(StatusWords.Success, StatusWords.Of(_tag.Process(Hex.Bytes(SelectNdefApplication))));
    }
}
