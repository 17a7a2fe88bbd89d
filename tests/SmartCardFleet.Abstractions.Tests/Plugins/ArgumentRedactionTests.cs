using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Abstractions.Tests.Plugins;

/// <summary>Issue 10, defect 7: what <see cref="OperationDescriptor.RedactArguments"/> lets into the Debug log.</summary>
public sealed class ArgumentRedactionTests
{
    private static readonly OperationDescriptor Operation = new("enrol", "Enrols a cardholder.")
    {
        Arguments = new Dictionary<string, OperationField>
        {
            ["passcode"] = new(FieldType.String, "Declared as a plain string by a careless plugin."),
            ["code"] = new(FieldType.Secret, "The PIN digits."),
            ["opts"] = new(FieldType.Object, "Options."),
            ["steps"] = new(FieldType.Array, "Steps."),
            ["name"] = new(FieldType.String, "Cardholder name."),
        },
    };

    [Theory]
    [InlineData("passcode")]
    [InlineData("passphrase")]
    [InlineData("userPassword")]
    [InlineData("PIN")]
    [InlineData("newPuk")]
    [InlineData("sessionKey")]
    [InlineData("accessToken")]
    [InlineData("credential")]
    [InlineData("clientSecret")]
    public void A_member_named_like_a_secret_is_hidden_even_when_declared_as_a_plain_string(string name)
    {
        var descriptor = new OperationDescriptor("op", "") { Arguments = new Dictionary<string, OperationField> { [name] = new(FieldType.String, "") } };

        var redacted = descriptor.RedactArguments(new JsonObject { [name] = "271828" });

        Assert.Equal($$"""{"{{name}}":"***"}""", redacted.ToJsonString());
    }

    [Fact]
    public void Secrets_nested_in_declared_objects_and_arrays_are_hidden_at_every_depth()
    {
        var arguments = new JsonObject
        {
            ["opts"] = new JsonObject { ["pin"] = "577215", ["retries"] = 3, ["inner"] = new JsonObject { ["adminPassword"] = "141421" } },
            ["steps"] = new JsonArray(new JsonObject { ["key"] = "00112233", ["slot"] = 1 }, "plain"),
            ["code"] = new JsonObject { ["digits"] = "161803" },
            ["name"] = "Ada",
        };

        var redacted = Operation.RedactArguments(arguments).ToJsonString();

        Assert.Equal(
            """{"opts":{"pin":"***","retries":3,"inner":{"adminPassword":"***"}},"steps":[{"key":"***","slot":1},"plain"],"code":"***","name":"Ada"}""",
            redacted);
        Assert.Equal("577215", (string?)arguments["opts"]!["pin"]); // the request itself is untouched
    }

    [Fact]
    public void An_undeclared_argument_is_logged_by_its_JSON_kind_only()
    {
        var arguments = new JsonObject
        {
            ["note"] = "123456",
            ["count"] = 4,
            ["flag"] = true,
            ["extra"] = new JsonObject { ["anything"] = "998877" },
            ["list"] = new JsonArray("1", "2"),
            ["nothing"] = null,
        };

        var redacted = Operation.RedactArguments(arguments).ToJsonString();

        Assert.Equal(
            """{"note":"(undeclared string)","count":"(undeclared number)","flag":"(undeclared boolean)","extra":"(undeclared object)","list":"(undeclared array)","nothing":"(undeclared null)"}""",
            redacted);
    }
}
