using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions.Plugins;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.OpenPgp;

namespace SmartCardFleet.Core.Tests.Plugins.Shipped;

/// <summary>The built OpenPgp plugin in the test kit's harness, on the emulated OpenPGP card 3.4.</summary>
public sealed class OpenPgpPluginSpecs() : ShippedPluginSpec("OpenPgp")
{
    private const string WrongPin = "987654";

    [Fact]
    public async Task The_probe_selects_the_OpenPGP_application_whatever_the_cards_serial()
    {
        var card = new ScriptedCardChannel("3B DA 18 FF 81 B1 FE 75 1F 03 00 31 F5 73 C0 01 60 00 90 00 1C")
            .Expect("00 A4 04 00 06 D2 76 00 01 24 01 00", "6F 10 84 0E D2 76 00 01 24 01 03 04 FF FF 01 02 03 04 90 00");

        Assert.True((await Harness.IdentifyAsync(card)).Accepted);
        card.VerifyAllExpectationsMet();
    }

    [Fact]
    public async Task Application_data_cardholder_name_and_fingerprints_come_from_the_card()
    {
        var card = new VirtualCardChannel(new OpenPgpCard(serialNumber: 0x01020304, cardholderName: "Lovelace<<Ada"));

        var app = await Harness.RunAsync("get-application-data", null, card);
        var name = await Harness.RunAsync("cardholder-name", null, card);
        var fingerprints = await Harness.RunAsync("fingerprints", null, card);

        Assert.Equal(("3.4", "01020304", "FFFF", "test card"),
            ((string?)app!["version"], (string?)app["serial"], (string?)app["manufacturer"], (string?)app["manufacturerName"]));
        Assert.Equal(("Lovelace<<Ada", "Lovelace Ada", "en"), ((string?)name!["name"], (string?)name["displayName"], (string?)name["language"]));
        Assert.Null(fingerprints!["signature"]); // the virtual card holds no keys
    }

    [Fact]
    public async Task A_wrong_PIN_decrements_the_retry_counter_and_the_answer_does_not_echo_it()
    {
        var pgp = new OpenPgpCard();
        var card = new VirtualCardChannel(pgp);

        var verify = await Harness.RunAsync("verify-pin", new JsonObject { ["pin"] = WrongPin }, card);
        var counters = await Harness.RunAsync("pin-retry-counters", null, card);

        Assert.Equal((false, 2), ((bool?)verify!["verified"], (int?)verify["retriesLeft"]));
        Assert.Equal((2, 2), ((int?)counters!["pw1"], pgp.UserPinTriesLeft));
        Assert.DoesNotContain(WrongPin, verify.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_PIN_verifies_and_restores_the_retry_counter()
    {
        var pgp = new OpenPgpCard();
        var card = new VirtualCardChannel(pgp);
        await Harness.RunAsync("verify-pin", new JsonObject { ["pin"] = WrongPin }, card);

        var verify = await Harness.RunAsync("verify-pin", new JsonObject { ["pin"] = OpenPgpCard.DefaultUserPin }, card);

        Assert.True((bool?)verify!["verified"]);
        Assert.Equal(3, pgp.UserPinTriesLeft);
    }

    [Fact]
    public async Task A_PIN_that_is_too_short_is_refused_without_echoing_it_or_touching_the_card()
    {
        var card = new ScriptedCardChannel("3B DA 18 FF 81 B1 FE 75 1F 03 00 31 F5 73 C0 01 60 00 90 00 1C").Otherwise("90 00");

        var failure = await Assert.ThrowsAsync<CardOperationException>(() => Harness.RunAsync("verify-pin", new JsonObject { ["pin"] = "4711" }, card));

        Assert.Equal((CardOperationError.InvalidArgument, "pin"), (failure.Error, failure.Argument));
        Assert.DoesNotContain("4711", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(card.Sent, command => command[1] == 0x20); // no VERIFY
    }

    [Fact]
    public async Task Arguments_the_operation_does_not_declare_are_refused_naming_their_keys_never_their_values()
    {
        var card = new VirtualCardChannel(new OpenPgpCard());

        var refused = await Assert.ThrowsAsync<CardOperationException>(() => Harness.RunAsync("verify-pin",
            new JsonObject { ["pin"] = WrongPin, ["passcode"] = "271828", ["reference"] = "pw1" }, card));

        Assert.Equal(CardOperationError.InvalidArgument, refused.Error);
        Assert.Contains("\"passcode\"", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("271828", refused.Message, StringComparison.Ordinal);
    }
}
