using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;

namespace Echo;

/// <summary>Claims the simulation's ISO 7816 file-system card (ATR 3B 8A 80 01 "SCFleetFS1", any check byte).</summary>
public sealed class EchoPlugin : CardPluginBase
{
    public EchoPlugin()
        : base(new PluginManifest
        {
            Id = "org.smartcardfleet.test.echo",
            Name = "Echo test plugin",
            Version = "1.0.0",
            SdkVersion = SdkInfo.Version,
            CardType = "Echo test card",
            AtrPatterns =
            [
                AtrPattern.Parse("3B 8A 80 01 53 43 46 6C 65 65 74 46 53 31 00", "FF FF FF FF FF FF FF FF FF FF FF FF FF FF 00"),
            ],
            Operations =
            [
                new OperationDescriptor("echo", "Answers its arguments, the PIN only by its length.")
                {
                    Arguments = new Dictionary<string, OperationField>
                    {
                        ["count"] = new(FieldType.Integer, "A number, 0-1000."),
                        ["enabled"] = new(FieldType.Boolean, "A switch.", Required: false),
                        ["data"] = new(FieldType.Hex, "Some bytes.", Required: false),
                        ["label"] = new(FieldType.String, "Some text.", Required: false),
                        ["pin"] = new(FieldType.Secret, "A PIN; only its length is answered."),
                    },
                    Result = new Dictionary<string, OperationField>
                    {
                        ["count"] = new(FieldType.Integer, "The count."),
                        ["enabled"] = new(FieldType.Boolean, "The switch (false when absent)."),
                        ["data"] = new(FieldType.Hex, "The bytes, null when absent.", Required: false),
                        ["label"] = new(FieldType.String, "The text, null when absent.", Required: false),
                        ["pinLength"] = new(FieldType.Integer, "How many bytes the PIN had."),
                        ["nested"] = new(FieldType.Object, "The count and label again, one level down."),
                    },
                },
            ],
        })
    {
    }

    public override Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
        Task.FromResult<ICardSession>(new EchoSession(channel));
}
