using SmartCardFleet.VirtualCards.Cards;

namespace SmartCardFleet.Integration.Tests.Support;

/// <summary>A card that answers every command with its P1 P2 and 9000, so a reply names the command it belongs to.</summary>
internal sealed class EchoCard() : VirtualCardBase("echo", AnswerToReset.WithCheckByte([0x3B, 0x84, 0x80, 0x01, .. "ECHO"u8]))
{
    /// <summary>The INS of <see cref="Command"/>, for faults keyed by INS (a long command).</summary>
    public const byte Ins = 0x10;

    public static byte[] Command(byte p1, byte p2) => [0x80, Ins, p1, p2];

    protected override byte[] HandleCommand(CardCommand command) => [command.P1, command.P2, 0x90, 0x00];
}
