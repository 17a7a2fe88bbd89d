using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Abstractions.Tests.Plugins;

public class ResponseExpectationsTests
{
    [Fact]
    public void A_successful_response_is_returned_as_it_is()
    {
        var response = ResponseApdu.Parse(Hex.Parse("0102 9000"));

        Assert.Same(response, response.ExpectSuccess("READ BINARY"));
    }

    [Theory]
    [InlineData("6A81")]
    [InlineData("6D00")]
    [InlineData("6E00")]
    public void A_card_that_cannot_do_the_command_at_all_means_not_supported(string statusWord)
    {
        var ex = Assert.Throws<CardOperationException>(() => ResponseApdu.Parse(Hex.Parse(statusWord)).ExpectSuccess("GET DATA (UID)"));

        Assert.Equal(CardOperationError.NotSupported, ex.Error);
        Assert.Equal(Convert.ToInt32(statusWord, 16), ex.StatusWord!.Value.Value);
        Assert.StartsWith("GET DATA (UID) is not supported by this card or reader", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6A82")]
    [InlineData("6982")]
    [InlineData("6B00")]
    public void Any_other_error_is_a_card_error_with_the_status_word(string statusWord)
    {
        var ex = Assert.Throws<CardOperationException>(() => ResponseApdu.Parse(Hex.Parse(statusWord)).ExpectSuccess("READ BINARY"));

        Assert.Equal(CardOperationError.CardError, ex.Error);
        Assert.Equal(Convert.ToInt32(statusWord, 16), ex.StatusWord!.Value.Value);
        Assert.StartsWith("READ BINARY failed", ex.Message, StringComparison.Ordinal);
    }
}
