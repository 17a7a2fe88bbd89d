using SmartCardFleet.VirtualCards.Cards;

namespace SmartCardFleet.VirtualCards.Tests.Cards;

public class CardCommandTests
{
    [Theory]
    [InlineData("00A40000", 0, 0, false, false)]
    [InlineData("00B0000010", 0, 16, true, false)]
    [InlineData("00B0000000", 0, 256, true, false)]
    [InlineData("00A40400023F00", 2, 0, false, false)]
    [InlineData("00A40400023F0000", 2, 256, true, false)]
    [InlineData("00B00000000100", 0, 256, true, true)]
    [InlineData("00B00000000000", 0, 65536, true, true)]
    [InlineData("00D60000000003010203", 3, 0, false, true)]
    [InlineData("00D600000000030102030010", 3, 16, true, true)]
    public void Parses_every_ISO_case(string hex, int lc, int ne, bool hasLe, bool extended)
    {
        Assert.True(CardCommand.TryParse(Hex.Bytes(hex), out var command, out _));
        Assert.Equal(lc, command.Data.Length);
        Assert.Equal(ne, command.Ne);
        Assert.Equal(hasLe, command.HasLe);
        Assert.Equal(extended, command.IsExtended);
    }

    [Theory]
    [InlineData("00A400")]
    [InlineData("00A4040003AABB")]
    [InlineData("00A40400000003AA")]
    [InlineData("00A404000000")]
    public void When_the_length_fields_do_not_match_the_body_parsing_fails_with_6700(string hex)
    {
        Assert.False(CardCommand.TryParse(Hex.Bytes(hex), out _, out var sw));
        Assert.Equal(StatusWords.WrongLength, sw);
    }
}
