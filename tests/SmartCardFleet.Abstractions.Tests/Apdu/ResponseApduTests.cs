using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Abstractions.Tests.Apdu;

public class ResponseApduTests
{
    private static ResponseApdu Response(string hex) => ResponseApdu.Parse(Hex.Parse(hex));

    [Fact]
    public void When_the_status_is_9000_the_response_is_success_and_data_excludes_the_status_bytes()
    {
        var response = Response("0102 9000");

        Assert.True(response.IsSuccess);
        Assert.Equal(new byte[] { 1, 2 }, response.Data.ToArray());
        Assert.Equal(0x9000, response.StatusWord.Value);
        Assert.Equal("01029000", Hex.Format(response.ToBytes()));
    }

    [Theory]
    [InlineData("6110", 16)]
    [InlineData("6100", 256)]
    public void When_the_status_is_61xx_more_data_is_available_and_it_is_not_success(string hex, int available)
    {
        var response = Response(hex);

        Assert.False(response.IsSuccess);
        Assert.True(response.MoreDataAvailable);
        Assert.Equal(available, response.BytesAvailable);
    }

    [Theory]
    [InlineData("6C08", 8)]
    [InlineData("6C00", 256)]
    public void When_the_status_is_6Cxx_the_correct_Le_is_SW2(string hex, int le)
    {
        var response = Response(hex);

        Assert.True(response.WrongLength);
        Assert.Equal(le, response.CorrectLe);
        Assert.Null(Response("9000").CorrectLe);
    }

    [Theory]
    [InlineData("63C2", 2)]
    [InlineData("63C0", 0)]
    public void When_the_status_is_63Cx_retries_left_is_x(string hex, int retries)
    {
        var response = Response(hex);

        Assert.Equal(retries, response.RetriesLeft);
        Assert.True(response.IsWarning);
    }

    [Fact]
    public void When_the_status_is_not_63Cx_retries_left_is_null()
    {
        Assert.Null(Response("6300").RetriesLeft);
        Assert.Null(Response("6983").RetriesLeft);
    }

    [Fact]
    public void When_fewer_than_two_bytes_arrive_Parse_fails_clearly()
    {
        var ex = Assert.Throws<FormatException>(() => ResponseApdu.Parse([0x90]));

        Assert.Contains("SW1 SW2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_printed_the_data_is_not_shown()
    {
        Assert.Equal("[3 bytes] 9000 (Success)", Response("112233 9000").ToString());
    }
}
