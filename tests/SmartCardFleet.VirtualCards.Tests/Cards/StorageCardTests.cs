using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.Contactless;

namespace SmartCardFleet.VirtualCards.Tests.Cards;

public class StorageCardTests
{
    private readonly StorageCard _card = new();

    private string Send(string apdu) => Hex.Of(_card.Process(Hex.Bytes(apdu)));

    [Fact]
    public void Get_UID_answers_the_default_4_byte_UID()
    {
        Assert.Equal("04A23B919000", Send("FFCA000000"));
    }

    [Fact]
    public void Get_UID_answers_a_configured_7_byte_UID()
    {
        var card = new StorageCard(uid: Hex.Bytes("04112233445566"));

        Assert.Equal("041122334455669000", Hex.Of(card.Process(Hex.Bytes("FFCA000000"))));
    }

    [Fact]
    public void Get_ATS_of_a_card_without_ISO14443_4_answers_6A81_and_a_configured_ATS_is_returned()
    {
        Assert.Equal("6A81", Send("FFCA010000"));
        var card = new StorageCard(ats: Hex.Bytes("0675778002"));
        Assert.Equal("06757780029000", Hex.Of(card.Process(Hex.Bytes("FFCA010000"))));
    }

    [Fact]
    public void Update_binary_of_a_block_is_read_back_and_survives_a_reset()
    {
        Assert.Equal("9000", Send("FFD6000410 00112233445566778899AABBCCDDEEFF"));
        _card.Reset();

        Assert.Equal("00112233445566778899AABBCCDDEEFF9000", Send("FFB0000410"));
    }

    [Fact]
    public void Read_binary_of_block_0_holds_the_UID_and_its_BCC()
    {
        Assert.StartsWith("04A23B91" + "0C", Send("FFB0000010"), StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_the_manufacturer_block_fails_with_6300()
    {
        Assert.Equal("6300", Send("FFD6000010 00112233445566778899AABBCCDDEEFF"));
    }

    [Theory]
    [InlineData("00A4040000", "6E00")]
    [InlineData("FF00000000", "6D00")]
    [InlineData("FFB0004010", "6A82")]
    [InlineData("FFB0000011", "6700")]
    [InlineData("FFD6000403 010203", "6700")]
    public void Invalid_commands_get_the_part3_status_words(string apdu, string expected)
    {
        Assert.Equal(expected, Send(apdu));
    }

    [Fact]
    public void The_ATR_is_the_part3_MIFARE_Classic_1K_one()
    {
        Assert.Equal("3B8F8001804F0CA000000306030001000000006A", Hex.Of(_card.Atr));
        Assert.Equal(StatusWords.Success, StatusWords.Of(_card.Process(Hex.Bytes("FF86000005 0100006000"))));
    }
}
