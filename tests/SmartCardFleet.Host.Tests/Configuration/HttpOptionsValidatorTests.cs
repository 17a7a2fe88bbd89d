using SmartCardFleet.Host.Configuration;

namespace SmartCardFleet.Host.Tests.Configuration;

public sealed class HttpOptionsValidatorTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("https://127.0.0.2:443")]
    public void Loopback_urls_need_no_token(string url) =>
        Assert.True(new HttpOptionsValidator().Validate(null, new HttpOptions { Urls = [url] }).Succeeded);

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://192.168.1.20:5080")]
    [InlineData("http://[::]:5080")]
    public void Any_other_binding_needs_a_token(string url)
    {
        var without = new HttpOptionsValidator().Validate(null, new HttpOptions { Urls = [url] });
        var with = new HttpOptionsValidator().Validate(null, new HttpOptions { Urls = [url], ApiToken = "0123456789abcdef0123" });

        Assert.True(without.Failed);
        Assert.Contains("Http:ApiToken", without.FailureMessage, StringComparison.Ordinal);
        Assert.True(with.Succeeded);
    }

    [Fact]
    public void A_short_token_and_a_url_that_does_not_parse_are_refused_by_key()
    {
        var result = new HttpOptionsValidator().Validate(null, new HttpOptions { Urls = ["ftp://x"], ApiToken = "short" });

        Assert.Contains("Http:Urls:0", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("at least 16 characters", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_never_appears_in_the_options_text() =>
        Assert.DoesNotContain("super-secret-token", new HttpOptions { ApiToken = "super-secret-token" }.ToString(), StringComparison.Ordinal);
}
