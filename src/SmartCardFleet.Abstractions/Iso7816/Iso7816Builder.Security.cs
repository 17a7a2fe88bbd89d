using SmartCardFleet.Abstractions.Apdu;

namespace SmartCardFleet.Abstractions.Iso7816;

public sealed partial class Iso7816Builder
{
    /// <summary>VERIFY (20) with verification data, for example a PIN (P1 00, P2 = reference).</summary>
    /// <param name="reference">The reference data qualifier (P2), for example 0x81; 0x80 bit = specific (DF) reference.</param>
    /// <param name="verificationData">The PIN or password bytes (copied into the command).</param>
    /// <returns>The command.</returns>
    public CommandApdu Verify(byte reference, Secret verificationData)
    {
        ArgumentNullException.ThrowIfNull(verificationData);
        return new(Cla, Iso7816Ins.Verify, 0x00, reference, CheckBody(verificationData.Reveal(), nameof(verificationData)));
    }

    /// <summary>
    /// VERIFY (20) with an empty body: asks for the verification status. The card answers 90 00 when already
    /// verified or 63Cx with x retries left (see <see cref="ResponseApdu.RetriesLeft"/>).
    /// </summary>
    /// <param name="reference">The reference data qualifier (P2).</param>
    /// <returns>The case 1 command.</returns>
    public CommandApdu VerifyStatus(byte reference) => new(Cla, Iso7816Ins.Verify, 0x00, reference);

    /// <summary>VERIFY (20) with P1 FF: resets the verification status of the reference (log out).</summary>
    /// <param name="reference">The reference data qualifier (P2).</param>
    /// <returns>The case 1 command.</returns>
    public CommandApdu ResetVerificationStatus(byte reference) => new(Cla, Iso7816Ins.Verify, 0xFF, reference);

    /// <summary>
    /// CHANGE REFERENCE DATA (24). With <paramref name="currentData"/> P1 = 00 and the body is current ‖ new;
    /// without it P1 = 01 and the body is the new data only.
    /// </summary>
    /// <param name="reference">The reference data qualifier (P2).</param>
    /// <param name="currentData">The current PIN, or null when the card does not need it.</param>
    /// <param name="newData">The new PIN.</param>
    /// <returns>The command.</returns>
    public CommandApdu ChangeReferenceData(byte reference, Secret? currentData, Secret newData)
    {
        ArgumentNullException.ThrowIfNull(newData);
        var body = Concat(currentData, newData);
        return new(Cla, Iso7816Ins.ChangeReferenceData, currentData is null ? (byte)0x01 : (byte)0x00, reference, CheckBody(body, nameof(newData)));
    }

    /// <summary>
    /// RESET RETRY COUNTER (2C). P1 follows from which parts are given: 00 resetting code ‖ new data,
    /// 01 resetting code only, 02 new data only, 03 neither (case 1).
    /// </summary>
    /// <param name="reference">The reference data qualifier (P2).</param>
    /// <param name="resettingCode">The PUK / resetting code, or null.</param>
    /// <param name="newData">The new reference data (PIN), or null.</param>
    /// <returns>The command.</returns>
    public CommandApdu ResetRetryCounter(byte reference, Secret? resettingCode, Secret? newData)
    {
        byte p1 = (resettingCode, newData) switch
        {
            (not null, not null) => 0x00,
            (not null, null) => 0x01,
            (null, not null) => 0x02,
            (null, null) => 0x03,
        };
        return new(Cla, Iso7816Ins.ResetRetryCounter, p1, reference, Concat(resettingCode, newData));
    }

    /// <summary>GET CHALLENGE (84): asks the card for random bytes.</summary>
    /// <param name="ne">Number of challenge bytes, 1 to 65536 (often 8).</param>
    /// <returns>The command.</returns>
    public CommandApdu GetChallenge(int ne = 8) => new(Cla, Iso7816Ins.GetChallenge, 0x00, 0x00, ne: CheckNe(ne));

    /// <summary>INTERNAL AUTHENTICATE (88): the card proves itself by computing over the challenge.</summary>
    /// <param name="algorithm">Algorithm reference (P1), 00 when implied.</param>
    /// <param name="reference">Secret reference (P2), 00 when implied.</param>
    /// <param name="challenge">The authentication input (1 to 65535 bytes).</param>
    /// <param name="ne">Expected response length, 1 to 65536.</param>
    /// <returns>The case 4 command.</returns>
    public CommandApdu InternalAuthenticate(byte algorithm, byte reference, ReadOnlySpan<byte> challenge, int ne = DefaultNe) =>
        new(Cla, Iso7816Ins.InternalAuthenticate, algorithm, reference, CheckBody(challenge, nameof(challenge)), CheckNe(ne));

    /// <summary>EXTERNAL AUTHENTICATE (82): the host proves itself with a cryptogram over the card's challenge.</summary>
    /// <param name="algorithm">Algorithm reference (P1).</param>
    /// <param name="reference">Secret reference (P2).</param>
    /// <param name="cryptogram">The authentication data; empty sends a case 1 command (status query).</param>
    /// <returns>The command.</returns>
    public CommandApdu ExternalAuthenticate(byte algorithm, byte reference, ReadOnlySpan<byte> cryptogram) =>
        new(Cla, Iso7816Ins.ExternalAuthenticate, algorithm, reference, cryptogram);

    private static byte[] Concat(Secret? first, Secret? second)
    {
        var a = first is null ? [] : first.Reveal();
        var b = second is null ? [] : second.Reveal();
        var body = new byte[a.Length + b.Length];
        a.CopyTo(body);
        b.CopyTo(body.AsSpan(a.Length));
        return body;
    }
}
