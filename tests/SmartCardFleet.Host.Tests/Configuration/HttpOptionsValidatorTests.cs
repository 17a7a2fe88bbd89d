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

    [Theory]
    [InlineData(" a-long-enough-test-token")]
    [InlineData("a-long-enough-test-token ")]
    [InlineData("a-long-enough-test-token\n")]
    [InlineData("                    ")]
    public void A_token_with_leading_or_trailing_whitespace_is_refused_by_key(string token)
    {
        var result = new HttpOptionsValidator().Validate(null, new HttpOptions { ApiToken = token });

        Assert.True(result.Failed);
        Assert.Contains("Http:ApiToken", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("whitespace", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_semicolon_list_is_checked_address_by_address()
    {
        var result = new HttpOptionsValidator().Validate(null, new HttpOptions { Urls = ["http://127.0.0.1:5194/;http://0.0.0.0:5195"] });

        Assert.True(result.Failed);
        Assert.Contains("http://0.0.0.0:5195", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kiosk.example")]
    [InlineData("[::1]")]
    [InlineData("*")]
    public void Allowed_hosts_take_host_names(string host) =>
        Assert.True(new HttpOptionsValidator().Validate(null, new HttpOptions { AllowedHosts = [host] }).Succeeded);

    [Theory]
    [InlineData("http://kiosk.example")]
    [InlineData("kiosk.example:5080")]
    [InlineData("")]
    public void Allowed_hosts_refuse_urls_ports_and_empty_names_by_key(string host)
    {
        var result = new HttpOptionsValidator().Validate(null, new HttpOptions { AllowedHosts = [host] });

        Assert.True(result.Failed);
        Assert.Contains("Http:AllowedHosts:0", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_never_appears_in_the_options_text() =>
        Assert.DoesNotContain("super-secret-token", new HttpOptions { ApiToken = "super-secret-token" }.ToString(), StringComparison.Ordinal);
}
