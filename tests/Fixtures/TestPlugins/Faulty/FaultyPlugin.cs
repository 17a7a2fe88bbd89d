using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Abstractions.Plugins;

namespace Faulty;

/// <summary>Claims part 3 storage cards ahead of the Uid plugin (priority 100).</summary>
public sealed class FaultyPlugin : CardPluginBase
{
    public const string PluginId = "org.smartcardfleet.test.faulty";

    public FaultyPlugin()
        : base(new PluginManifest
        {
            Id = PluginId,
            Name = "Faulty test plugin",
            Version = PluginVersion.Of(typeof(FaultyPlugin)),
            SdkVersion = SdkInfo.Version,
            CardType = "Test storage card",
            AtrPatterns =
            [
                AtrPattern.Parse(
                    "3B 8F 80 01 80 4F 0C A0 00 00 03 06 00 00 00 00 00 00 00 00",
                    "FF FF FF FF FF FF FF FF FF FF FF FF 00 00 00 FF FF FF FF 00"),
            ],
            Priority = 100,
            Operations =
            [
                new OperationDescriptor("version", "Reads the UID and reports the plugin version."),
                new OperationDescriptor("slow", "Waits \"ms\" milliseconds, then does what version does.")
                {
                    Arguments = new Dictionary<string, OperationField> { ["ms"] = new(FieldType.Integer, "Milliseconds to wait, 0-60000.") },
                },
                new OperationDescriptor("hang", "Never finishes and ignores cancellation."),
                new OperationDescriptor("fail", "Throws an unexpected exception after one APDU."),
            ],
        })
    {
    }

    public override Task<ICardSession> OpenSessionAsync(ICardChannel channel, CancellationToken cancellationToken) =>
        Task.FromResult<ICardSession>(new FaultySession(channel, Manifest.Version));
}
