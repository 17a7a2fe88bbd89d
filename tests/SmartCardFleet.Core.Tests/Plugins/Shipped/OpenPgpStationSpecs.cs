using System.Text.Json.Nodes;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Tests.Plugins.Support;
using SmartCardFleet.VirtualCards.Cards.OpenPgp;
using Xunit.Abstractions;

namespace SmartCardFleet.Core.Tests.Plugins.Shipped;

/// <summary>What the station does around the OpenPGP plugin: PINs never reach a log line, undeclared arguments are refused
/// before the plugin runs, and a verified PIN does not outlive the operation (the plugin's own behaviour is in
/// OpenPgpPluginSpecs).</summary>
public sealed class OpenPgpStationSpecs(ITestOutputHelper output) : PluginHostSpec(output)
{
    private const string WrongPin = "987654";

    [Fact]
    public void A_wrong_PIN_never_appears_in_the_logs_which_show_the_operation_and_its_APDUs_redacted()
    {
        Plugins.InstallShipped("OpenPgp");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Pgp 00", new OpenPgpCard());

        var verify = Completed(reader, "verify-pin", new JsonObject { ["pin"] = WrongPin });

        Assert.False((bool?)verify["verified"]);
        Assert.DoesNotContain(WrongPin, verify.ToJsonString(), StringComparison.Ordinal);
        AssertPinNeverLogged(WrongPin);
        // The operation and its APDUs were logged, redacted.
        Assert.Contains(Logs.Entries, e => e.Message.Contains("verify-pin with {\"pin\":\"***\"}", StringComparison.Ordinal));
        Assert.Contains(Logs.Entries, e => e.Message.Contains("00 20 00 82 06 [6 bytes redacted]", StringComparison.Ordinal));
    }

    [Fact]
    public void Secrets_under_names_the_operation_does_not_declare_or_nested_in_objects_never_reach_the_debug_log()
    {
        // Issue 10, defect 7: before, only top-level names containing pin/puk/key/password/secret were hidden. Undeclared
        // arguments are now refused before the plugin runs; the refusal names their keys, never their values.
        Plugins.InstallShipped("OpenPgp");
        StartStation();
        var (reader, _) = InsertIdentified("Reader Pgp 00", new OpenPgpCard());

        var refused = Assert.IsType<OperationFailed>(Run(reader, "verify-pin", new JsonObject
        {
            ["pin"] = WrongPin, ["passcode"] = "271828", ["opts"] = new JsonObject { ["pin"] = "577215" }, ["reference"] = "pw1",
        }));

        Assert.Equal(OperationFailureReason.InvalidArgument, refused.Reason);
        Assert.Contains("\"passcode\"", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("271828", refused.Message, StringComparison.Ordinal);
        AssertPinNeverLogged("271828");
        AssertPinNeverLogged("577215");
        AssertPinNeverLogged(WrongPin);
    }

    /// <summary>Issue 10: client A's verify-pin must not leave PW1 verified for client B. With the policy off the old
    /// behaviour shows: B's status query (VERIFY without data) answers 9000.</summary>
    [Theory]
    [InlineData(true, 0x63C3)]
    [InlineData(false, 0x9000)]
    public void A_PIN_verified_by_an_operation_is_not_verified_for_the_next_caller(bool resetAfterVerify, int statusForClientB)
    {
        Plugins.InstallShipped("OpenPgp");
        Manager = StartManager(FastSettings with { Reader = FastSettings.Reader with { ResetAfterVerify = resetAfterVerify } });
        StartHost(Manager);
        var (reader, _) = InsertIdentified("Reader Pgp 00", new OpenPgpCard());

        Assert.True((bool?)Completed(reader, "verify-pin", new JsonObject { ["pin"] = OpenPgpCard.DefaultUserPin })["verified"]);

        // Client B, straight through the reader: SELECT the OpenPGP application, then ask PW1's state.
        Ask<Transmitted>(Manager, new ToReader(reader, new Transmit([0x00, 0xA4, 0x04, 0x00, 0x06, 0xD2, 0x76, 0x00, 0x01, 0x24, 0x01])));
        Assert.Equal(statusForClientB, Ask<Transmitted>(Manager, new ToReader(reader, new Transmit([0x00, 0x20, 0x00, 0x82]))).StatusWord);
        if (resetAfterVerify)
        {
            Assert.Equal(CardResetReason.SecurityStateCleared, ExpectEvent<CardReset>(e => e.ReaderId == reader).Reason);
        }
    }

    private void AssertPinNeverLogged(string pin)
    {
        var asHex = Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(pin));
        var spacedHex = string.Join(' ', System.Text.Encoding.UTF8.GetBytes(pin).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.NotEmpty(Logs.Entries);
        Assert.All(Logs.Entries, e =>
        {
            Assert.DoesNotContain(pin, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(asHex, e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(spacedHex, e.Message, StringComparison.OrdinalIgnoreCase);
        });
    }
}
