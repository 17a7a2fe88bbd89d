using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Cards.Nfc;
using SmartCardFleet.VirtualCards.Faults;

namespace SmartCardFleet.Enrollment.Tests.Support;

/// <summary>
/// An NFC Forum Type 4 tag with its own UID that counts the NDEF writes it received (an UPDATE BINARY of a non-zero
/// NLEN is the last step of every write-ndef-*), and can hold a write: <see cref="HoldBeforeWrite"/> stops the first
/// UPDATE BINARY before the tag runs it (the write never reached the tag), <see cref="HoldAfterWrite"/> stops the
/// committing UPDATE after the tag ran it (the write reached the tag, its answer never came back).
/// </summary>
internal sealed class CountingTag(byte uidByte) : IVirtualCard
{
    private readonly NfcType4Tag _tag = new(uid: [0x04, 0x10, 0x20, 0x30, 0x40, 0x50, uidByte]);
    private int _writes;

    public string CardType => _tag.CardType;

    public byte[] Atr => _tag.Atr;

    public CardFaults Faults => _tag.Faults;

    public int Writes => Volatile.Read(ref _writes);

    public string Uid => Convert.ToHexString(_tag.Identity.Uid.ToArray());

    public byte[] Message => _tag.NdefMessage;

    /// <summary>Set: the next write stops here until the gate opens; <see cref="Held"/> is set once it is stopped.</summary>
    public ManualResetEventSlim? HoldBeforeWrite { get; set; }

    public ManualResetEventSlim? HoldAfterWrite { get; set; }

    public ManualResetEventSlim Held { get; } = new();

    /// <summary>Set: the card leaves its reader while the write's first UPDATE BINARY is in flight (armed when the NDEF
    /// file is selected, the command before it), so the write may have reached it: the job cannot tell.</summary>
    public bool PullDuringWrite { get; set; }

    /// <summary>Every UPDATE BINARY answers 65 81 (memory failure): the card refuses the write with an error status.</summary>
    public bool FailWrites { get; set; }

    /// <summary>Set by a crash: the station's process is gone, so no further command of it reaches the tag.</summary>
    public bool CutOff { get; set; }

    public byte[] Process(ReadOnlySpan<byte> commandApdu)
    {
        if (CutOff)
        {
            return [0x6F, 0x00];
        }

        var update = commandApdu.Length >= 4 && commandApdu[1] == 0xD6;
        if (update && FailWrites)
        {
            return [0x65, 0x81];
        }

        if (update && HoldBeforeWrite is { } before)
        {
            HoldBeforeWrite = null;
            Held.Set();
            before.Wait(TimeSpan.FromSeconds(30));
            if (CutOff)
            {
                return [0x6F, 0x00];
            }
        }

        if (PullDuringWrite && commandApdu.Length >= 7 && commandApdu[1] == 0xA4 && commandApdu[5] == 0xE1 && commandApdu[6] == 0x04)
        {
            PullDuringWrite = false;
            Faults.RemoveDuringNextCommand();
        }

        var commits = update && commandApdu[2] == 0 && commandApdu[3] == 0 && commandApdu.Length >= 7 && (commandApdu[5] | commandApdu[6]) != 0;
        var response = _tag.Process(commandApdu);
        if (commits && response.Length >= 2 && response[^2] == 0x90)
        {
            Interlocked.Increment(ref _writes);
            if (HoldAfterWrite is { } after)
            {
                HoldAfterWrite = null;
                Held.Set();
                after.Wait(TimeSpan.FromSeconds(30));
            }
        }

        return response;
    }

    public void PowerOn() => _tag.PowerOn();

    public void PowerOff() => _tag.PowerOff();

    public void Reset() => _tag.Reset();
}
