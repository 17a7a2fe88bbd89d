using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Api;
using SmartCardFleet.Host.Configuration;
using SmartCardFleet.Host.Security;

namespace SmartCardFleet.Host.Tests.Security;

public sealed class TokenConfigurationTests
{
    private const string Secret = "the-token-itself-7e3a91c0d5b24f68";

    private static ApiTokenOptions Token(string? name, string? hash, string? role) => new() { Name = name, Hash = hash, Role = role };

    private static string Validate(params ApiTokenOptions[] tokens) =>
        new HttpOptionsValidator().Validate(null, new HttpOptions { Tokens = [.. tokens] }).FailureMessage ?? "";

    [Fact]
    public void Valid_named_tokens_pass_and_count_as_tokens_for_a_non_loopback_binding()
    {
        var options = new HttpOptions
        {
            Urls = ["http://0.0.0.0:5080"],
            Tokens = [Token("kiosk-1", TokenHash.Format("a"), "Viewer"), Token("ops.desk_2", TokenHash.Format("b"), "operator")],
        };

        Assert.True(new HttpOptionsValidator().Validate(null, options).Succeeded);
        Assert.True(options.RequiresToken);
    }

    [Theory]
    [InlineData("", "Http:Tokens:0:Name")]
    [InlineData("has space", "Http:Tokens:0:Name")]
    [InlineData("-leading-dash", "Http:Tokens:0:Name")]
    [InlineData("new\nline", "Http:Tokens:0:Name")]
    [InlineData("local", "reserved")]
    [InlineData("anonymous", "reserved")]
    public void A_bad_or_reserved_name_is_refused_by_key(string name, string expected) =>
        Assert.Contains(expected, Validate(Token(name, TokenHash.Format("a"), "Admin")), StringComparison.Ordinal);

    [Fact]
    public void A_name_longer_than_64_characters_is_refused() =>
        Assert.Contains("Http:Tokens:0:Name", Validate(Token(new string('a', 65), TokenHash.Format("a"), "Admin")), StringComparison.Ordinal);

    [Fact]
    public void A_name_used_twice_is_refused_naming_the_second_entry()
    {
        var message = Validate(Token("kiosk", TokenHash.Format("a"), "Viewer"), Token("KIOSK", TokenHash.Format("b"), "Viewer"));

        Assert.Contains("Http:Tokens:1:Name", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Http:Tokens:0", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_name_of_Http_ApiToken_cannot_be_taken_by_a_named_token()
    {
        var result = new HttpOptionsValidator().Validate(null, new HttpOptions
        {
            ApiToken = Secret, Tokens = [Token(ConfiguredTokens.LegacyName, TokenHash.Format("b"), "Viewer")],
        });

        Assert.Contains("Http:Tokens:0:Name", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Http:ApiToken", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Secret)]
    [InlineData("sha256:abc")]
    [InlineData("md5:0123456789abcdef0123456789abcdef")]
    [InlineData("sha256:zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData(null)]
    public void A_hash_that_is_not_sha256_hex_is_refused_by_key_without_echoing_it(string? hash)
    {
        var message = Validate(Token("kiosk", hash, "Viewer"));

        Assert.Contains("Http:Tokens:0:Hash", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_token_under_two_names_is_refused()
    {
        var message = Validate(Token("a", TokenHash.Format(Secret), "Viewer"), Token("b", TokenHash.Format(Secret).ToUpperInvariant()
            .Replace("SHA256:", TokenHash.Prefix, StringComparison.Ordinal), "Admin"));

        Assert.Contains("Http:Tokens:1:Hash", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Root")]
    [InlineData("2")]
    [InlineData("Viewer,Admin")]
    [InlineData("")]
    [InlineData(null)]
    public void A_role_that_is_not_exactly_one_known_name_is_refused_by_key(string? role)
    {
        var message = Validate(Token("kiosk", TokenHash.Format("a"), role));

        Assert.Contains("Http:Tokens:0:Role", message, StringComparison.Ordinal);
        Assert.Contains("one of Viewer, Operator, Admin", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_check_names_each_token_by_its_hash_and_refuses_every_other_value()
    {
        var check = new ApiTokenCheck(Options.Create(new HttpOptions
        {
            ApiToken = Secret,
            Tokens = [Token("kiosk", TokenHash.Format("viewer-secret"), "Viewer"), Token("desk", TokenHash.Format("operator-secret"), "Operator")],
        }));

        Assert.True(check.Required);
        Assert.Equal(new FleetCaller("kiosk", FleetRole.Viewer), check.Identify("viewer-secret"));
        Assert.Equal(new FleetCaller("desk", FleetRole.Operator), check.Identify("operator-secret"));
        Assert.Equal(new FleetCaller(ConfiguredTokens.LegacyName, FleetRole.Admin), check.Identify(Secret));
        Assert.Null(check.Identify("viewer-secret "));
        Assert.Null(check.Identify(TokenHash.Format("viewer-secret")));
        Assert.Null(check.Identify(""));
        Assert.Null(check.Identify(null));
    }

    [Fact]
    public void Without_any_token_every_caller_is_local_with_the_admin_role()
    {
        var check = new ApiTokenCheck(Options.Create(new HttpOptions()));

        Assert.False(check.Required);
        Assert.Equal(FleetCaller.Local, check.Identify(null));
        Assert.Equal(FleetRole.Admin, check.Identify("anything")!.Role);
    }

    [Fact]
    public void An_endpoint_without_a_role_needs_viewer_to_read_and_admin_for_anything_else() =>
        Assert.Equal([FleetRole.Viewer, FleetRole.Viewer, FleetRole.Admin, FleetRole.Admin, FleetRole.Admin],
            new[] { "GET", "HEAD", "POST", "PUT", "DELETE" }.Select(m => EndpointRoles.For(null, m)));
}
