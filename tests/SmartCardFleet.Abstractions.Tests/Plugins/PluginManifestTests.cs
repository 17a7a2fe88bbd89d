using System.Text.Json;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Abstractions.Tests.Plugins;

public class PluginManifestTests
{
    [Fact]
    public void When_every_field_is_sensible_validation_finds_no_problem()
    {
        Assert.Empty(SamplePlugin.DefaultManifest.Validate());
    }

    [Theory]
    [InlineData("sample")]
    [InlineData("Org.Example.Piv")]
    [InlineData("org..piv")]
    [InlineData("")]
    public void When_the_id_is_not_reverse_DNS_style_validation_says_so(string id)
    {
        var problems = (SamplePlugin.DefaultManifest with { Id = id }).Validate();

        Assert.Contains(problems, p => p.Contains("reverse-DNS", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2.0.0")]
    [InlineData("1.99.0")]
    [InlineData("one")]
    public void When_the_SDK_version_is_incompatible_validation_names_both_versions(string sdkVersion)
    {
        var problems = (SamplePlugin.DefaultManifest with { SdkVersion = sdkVersion }).Validate();

        Assert.Contains(problems, p => p.Contains(sdkVersion, StringComparison.Ordinal) && p.Contains(SdkInfo.Version, StringComparison.Ordinal));
    }

    [Fact]
    public void When_operations_repeat_or_nothing_selects_cards_each_problem_is_listed()
    {
        var manifest = SamplePlugin.DefaultManifest with
        {
            Name = " ",
            AtrPatterns = [],
            ProbeAids = [],
            Operations = [new("dup", "a"), new("dup", "b")],
        };

        var problems = manifest.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("dup", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("claim every card", StringComparison.Ordinal));
    }

    [Fact]
    public void A_VerifiedBy_naming_another_operation_with_the_same_arguments_is_valid()
    {
        var arguments = new Dictionary<string, OperationField> { ["serial"] = new(FieldType.Hex, "The serial.") };
        var manifest = SamplePlugin.DefaultManifest with
        {
            Operations =
            [
                new("write-serial", "Writes it.") { Arguments = arguments, VerifiedBy = "verify-serial" },
                new("verify-serial", "Tells whether it is written.") { Arguments = arguments },
            ],
        };

        Assert.Empty(manifest.Validate());
    }

    [Theory]
    [InlineData("verify-missing", "is not another declared operation")]
    [InlineData("write-serial", "is not another declared operation")]
    [InlineData("verify-other", "whose arguments differ")]
    public void A_VerifiedBy_naming_no_other_operation_or_one_with_other_arguments_is_refused(string verifiedBy, string problem)
    {
        var arguments = new Dictionary<string, OperationField> { ["serial"] = new(FieldType.Hex, "The serial.") };
        var manifest = SamplePlugin.DefaultManifest with
        {
            Operations =
            [
                new("write-serial", "Writes it.") { Arguments = arguments, VerifiedBy = verifiedBy },
                new("verify-other", "Takes another argument.") { Arguments = new Dictionary<string, OperationField> { ["uid"] = new(FieldType.Hex, "A UID.") } },
            ],
        };

        var found = Assert.Single(manifest.Validate());
        Assert.Contains("write-serial", found, StringComparison.Ordinal);
        Assert.Contains(problem, found, StringComparison.Ordinal);
    }

    [Fact]
    public void When_serialised_to_JSON_patterns_and_AIDs_are_hex_strings_and_field_types_are_names()
    {
        var json = JsonSerializer.Serialize(SamplePlugin.DefaultManifest);

        Assert.Contains("\"AtrPatterns\":[\"3B:02:14:50/FF:FF:FF:FF\"]", json, StringComparison.Ordinal);
        Assert.Contains("\"ProbeAids\":[\"A000000001\",\"A000000002\"]", json, StringComparison.Ordinal);
        Assert.Contains("\"Type\":\"Secret\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void When_arguments_are_redacted_for_logs_secret_fields_become_stars_and_undeclared_ones_their_kind()
    {
        var verify = SamplePlugin.DefaultManifest.Operations.Single(o => o.Name == "verify-pin");
        var args = new System.Text.Json.Nodes.JsonObject { ["code"] = "123456", ["newPin"] = "654321", ["offset"] = 3 };

        var redacted = verify.RedactArguments(args);

        Assert.Equal("""{"code":"***","newPin":"***","offset":"(undeclared number)"}""", redacted.ToJsonString());
        Assert.Equal("123456", (string?)args["code"]); // the request itself is untouched
    }

    [Fact]
    public void SdkInfo_version_is_major_1_and_agrees_with_the_assembly_version()
    {
        var assemblyVersion = typeof(SdkInfo).Assembly.GetName().Version!;

        Assert.Equal(1, SdkInfo.MajorVersion);
        Assert.Equal(SdkInfo.MajorVersion, SdkInfo.Current.Major);
        Assert.Equal((assemblyVersion.Major, assemblyVersion.Minor, assemblyVersion.Build), (SdkInfo.Current.Major, SdkInfo.Current.Minor, SdkInfo.Current.Build));
        Assert.True(SdkInfo.IsCompatible("1.0"));
        Assert.False(SdkInfo.IsCompatible(null));
    }
}
