using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Enrollment.Engine;

namespace SmartCardFleet.Enrollment.Tests.Engine;

/// <summary>A row's result goes to the journal, the job's views and the JobRowEnded events: its secrets never do.</summary>
public class RowResultsSpecs
{
    private static readonly OperationInfo Personalise = new("personalise", "", [],
        [new OperationFieldInfo("issuerCode", FieldType.Secret, "", true), new OperationFieldInfo("serial", FieldType.String, "", true)]);

    [Fact]
    public void Secret_typed_result_fields_and_members_named_like_secrets_are_redacted_the_rest_is_kept()
    {
        var result = new JsonObject
        {
            ["issuerCode"] = "4711",
            ["serial"] = "A-1",
            ["initialPin"] = "1234",
            ["card"] = new JsonObject { ["adminKey"] = "00112233", ["slots"] = new JsonArray(new JsonObject { ["puk"] = "87654321", ["n"] = 1 }) },
        };

        var kept = RowResults.Kept(result, Personalise)!.ToJsonString();

        Assert.Equal("""{"issuerCode":"***","serial":"A-1","initialPin":"***","card":{"adminKey":"***","slots":[{"puk":"***","n":1}]}}""", kept);
    }

    [Fact]
    public void Without_the_descriptor_the_name_rules_still_apply()
    {
        var kept = RowResults.Kept(new JsonObject { ["password"] = "hunter2", ["applied"] = true }, null)!.ToJsonString();

        Assert.Equal("""{"password":"***","applied":true}""", kept);
    }

    [Fact]
    public void A_large_result_is_cut_to_its_length()
    {
        var kept = RowResults.Kept(new JsonObject { ["blob"] = new string('x', RowResults.MaxJsonLength) }, null)!;

        Assert.True((bool)kept["truncated"]!);
    }
}
