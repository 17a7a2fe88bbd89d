using System.Text;
using SmartCardFleet.Integration.Tests.Support;
using SmartCardFleet.VirtualCards.Cards.Nfc;

namespace SmartCardFleet.Integration.Tests.Enrollment;

/// <summary>
/// An NFC Forum type 4 tag as the kill -9 test needs it: its own UID (so "the same card" means something), every command
/// it received recorded in arrival order, and, when armed, the write that commits an NDEF message (UPDATE BINARY of
/// NLEN at offset 0 with a non-zero length, the last step of the plugin's write) held on the card until released — the
/// deterministic "row in flight" the test kills the station in.
/// </summary>
internal sealed class NdefTestCard : IDisposable
{
    private const byte UpdateBinary = 0xD6;

    public NdefTestCard(byte uidLastByte)
    {
        Tag = new NfcType4Tag(uid: [0x04, 0x14, 0x0E, 0x00, 0x00, 0x00, uidLastByte]);
        Gate = new GatedCard(Tag, IsNdefCommit);
        Card = new InstrumentedCard(Gate);
    }

    public NfcType4Tag Tag { get; }

    public GatedCard Gate { get; }

    /// <summary>What goes into the reader.</summary>
    public InstrumentedCard Card { get; }

    /// <summary>How many NDEF messages were committed on this card (each write of a row commits once).</summary>
    public int Commits => Card.Commands.Count(IsNdefCommit);

    /// <summary>UPDATE BINARY commands the card received from the <paramref name="from"/>-th command on.</summary>
    public int WritesFrom(int from) => Card.Commands.Skip(from).Count(c => c.Length > 1 && c[1] == UpdateBinary);

    /// <summary>Whether the tag's NDEF message is the URI record of <paramref name="uri"/> (after the NFC Forum prefix).</summary>
    public bool Holds(string uri)
    {
        var rest = Encoding.UTF8.GetBytes(uri[uri.IndexOf("//", StringComparison.Ordinal)..].TrimStart('/'));
        var message = Tag.NdefMessage;
        return message.Length > rest.Length && message.AsSpan(message.Length - rest.Length).SequenceEqual(rest);
    }

    /// <summary>The text of the URI this tag's message ends with, for failure messages.</summary>
    public override string ToString() => Convert.ToHexString(Tag.NdefMessage);

    public void Dispose() => Gate.Dispose();

    /// <summary>00 D6 00 00 02 hi lo with a non-zero length: NLEN written last, after the message body.</summary>
    private static bool IsNdefCommit(byte[] command) =>
        command.Length == 7 && command[1] == UpdateBinary && command[2] == 0 && command[3] == 0 && command[4] == 2
        && (command[5] != 0 || command[6] != 0);
}
