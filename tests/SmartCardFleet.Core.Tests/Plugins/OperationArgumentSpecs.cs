using System.Text.Json.Nodes;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.VirtualCards.Cards.Contactless;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Plugins;

/// <summary>Issue 10, "silent acceptance": an argument the operation does not declare is refused before the plugin
/// runs, naming the key and the declared ones, for every caller of RunOperation.</summary>
public sealed class OperationArgumentSpecs(ITestOutputHelper output) : PluginHostSpec(output)
{
    [Fact]
    public void An_undeclared_argument_is_InvalidArgument_naming_it_and_the_declared_ones()
    {
        Plugins.InstallShipped("Uid");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Storage 00", new StorageCard());

        var failure = Failed(reader, "read-binary", new JsonObject { ["page"] = 4, ["lenght"] = 16 });

        Assert.Equal(OperationFailureReason.InvalidArgument, failure.Reason);
        Assert.Contains("\"lenght\"", failure.Message, StringComparison.Ordinal);
        Assert.Contains("page", failure.Message, StringComparison.Ordinal);
        Assert.Contains("length", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_operation_without_arguments_refuses_any()
    {
        Plugins.InstallShipped("Uid");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Storage 00", new StorageCard());

        var failure = Failed(reader, "read-uid", new JsonObject { ["verbose"] = true });

        Assert.Equal(OperationFailureReason.InvalidArgument, failure.Reason);
        Assert.Contains("\"verbose\"", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_unknown_key_is_not_echoed_in_full()
    {
        Plugins.InstallShipped("Uid");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Storage 00", new StorageCard());
        var key = new string('k', 100_000);

        var failure = Failed(reader, "read-uid", new JsonObject { [key] = 1 });

        Assert.Equal(OperationFailureReason.InvalidArgument, failure.Reason);
        Assert.True(failure.Message.Length < 400, $"the message has {failure.Message.Length} characters");
    }

    [Fact]
    public void Declared_arguments_still_reach_the_plugin()
    {
        Plugins.InstallShipped("Uid");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Storage 00", new StorageCard());

        Assert.NotNull(Completed(reader, "read-binary", new JsonObject { ["page"] = 4, ["length"] = 16 })["data"]);
    }
}
