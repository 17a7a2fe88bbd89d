using System.Text.Json;

namespace SmartCardFleet.Abstractions.Tests;

public class SecretTests
{
    private sealed record Request(string Operation, Secret Pin);

    [Fact]
    public void When_printed_a_secret_shows_only_stars()
    {
        using var pin = Secret.FromUtf8("123456");

        Assert.Equal("***", pin.ToString());
        Assert.Equal("pin=***", $"pin={pin}");
    }

    [Fact]
    public void When_serialised_to_JSON_a_secret_is_written_as_stars()
    {
        using var pin = Secret.FromUtf8("123456");

        var json = JsonSerializer.Serialize(new Request("verify", pin));

        Assert.Equal("""{"Operation":"verify","Pin":"***"}""", json);
        Assert.DoesNotContain("123456", json, StringComparison.Ordinal);
    }

    [Fact]
    public void When_read_from_JSON_a_string_becomes_the_secret_bytes()
    {
        var request = JsonSerializer.Deserialize<Request>("""{"Operation":"verify","Pin":"1234"}""")!;
        using var pin = request.Pin;

        Assert.True(pin.FixedTimeEquals("1234"u8));
    }

    [Fact]
    public void When_JSON_holds_a_number_instead_of_a_string_reading_fails_clearly()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Secret>("1234"));

        Assert.Contains("must be a JSON string", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_disposed_the_bytes_are_zeroised_and_no_longer_readable()
    {
        var source = new byte[] { 1, 2, 3 };
        var secret = new Secret(source);

        secret.Zeroize();

        Assert.True(secret.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => secret.Reveal().ToArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, source); // the caller's copy is the caller's to clear
    }
}
