using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.FileSystem;

namespace SmartCardFleet.VirtualCards.Tests.Cards;

public class AnswerToResetTests
{
    [Fact]
    public void Part3_storage_ATR_of_a_MIFARE_Classic_1K_matches_the_published_form_and_its_TCK()
    {
        var atr = AnswerToReset.Part3StorageCard(0x03, 0x0001);

        Assert.Equal("3B8F8001804F0CA000000306030001000000006A", Hex.Of(atr));
        Assert.True(AnswerToReset.HasValidCheckByte(atr));
    }

    [Fact]
    public void Part3_ISO14443_4_ATR_without_historical_bytes_is_3B_80_80_01_01()
    {
        Assert.Equal("3B80800101", Hex.Of(AnswerToReset.Part3Iso14443Part4([])));
    }

    [Fact]
    public void Default_file_system_ATR_has_a_valid_check_byte()
    {
        Assert.True(AnswerToReset.HasValidCheckByte(DefaultPersonalisation.Atr));
    }
}
