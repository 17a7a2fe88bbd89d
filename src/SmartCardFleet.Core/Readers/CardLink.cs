using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Core.Readers;

/// <summary>
/// One reader's PC/SC link: its context, at most one card handle, and what is known about the card (ATR, protocol,
/// share mode, session). Every PC/SC call of a reader actor goes through here. Not thread-safe and not meant to be:
/// it is used by one thread at a time, the actor's, except that <see cref="Connect"/> and <see cref="BeginTransaction"/>
/// run on the reader's <see cref="LockWaiter"/> while the actor makes no call at all (docs/pcsc-notes.md §1, §3).
/// </summary>
internal sealed class CardLink(IPcscApi api, string readerName, PcscScope scope)
{
    public nint Context { get; private set; }

    public nint Handle { get; private set; }

    public bool HasHandle => Handle != 0;

    public CardProtocol Protocol { get; private set; }

    public ShareMode ShareMode { get; private set; }

    /// <summary>The protocols asked for at connect time (what a reconnect after a reset asks for again).</summary>
    public CardProtocol RequestedProtocols { get; private set; }

    /// <summary>The ATR of the card in the reader as last seen (monitor notice, start-up probe or SCardStatus); null
    /// when the reader is known to be empty.</summary>
    public byte[]? Atr { get; private set; }

    /// <summary>The current attachment (one handle's life), or null without a handle.</summary>
    public SessionId? Session { get; private set; }

    public PcscError Establish()
    {
        var error = api.EstablishContext(scope, out var context);
        Context = error == PcscError.Success ? context : 0;
        return error;
    }

    /// <summary>The reader's state right now (timeout 0, UNAWARE): after a crash or a service restart the monitor does
    /// not repeat insertions it already reported.</summary>
    public PcscError Probe(out ReaderStateEntry entry)
    {
        entry = new ReaderStateEntry(readerName);
        return api.GetStatusChange(Context, TimeSpan.Zero, [entry]);
    }

    public void CardSeen(byte[] atr) => Atr = [.. atr];

    public void CardLeft() => Atr = null;

    /// <summary>SCardConnect on this link's context. Writes no field: it runs on the lock waiter's thread, and
    /// <see cref="Take"/> applies the result on the actor's.</summary>
    public PcscError Connect(ShareMode shareMode, CardProtocol protocols, out nint card, out CardProtocol active) =>
        api.Connect(Context, readerName, shareMode, protocols, out card, out active);

    /// <summary>SCardBeginTransaction on the held handle (lock waiter's thread; writes no field).</summary>
    public PcscError BeginTransaction() => api.BeginTransaction(Handle);

    /// <summary>Starts a session on <paramref name="card"/>; the ATR is read with SCardStatus (the notice's ATR when
    /// that fails).</summary>
    public SessionId Take(nint card, CardProtocol active, ShareMode shareMode, CardProtocol requested, byte[]? atr = null)
    {
        Handle = card;
        Protocol = active;
        ShareMode = shareMode;
        RequestedProtocols = requested == CardProtocol.Undefined ? active : requested;
        Atr = atr is null ? (api.Status(card, out var status) == PcscError.Success ? status.Atr : Atr ?? []) : [.. atr];
        Session = SessionId.New();
        return Session.Value;
    }

    /// <summary>Why <paramref name="handle"/> cannot be adopted (not live, or another reader's), or null with its status.</summary>
    public string? AdoptionProblem(nint handle, out CardStatus status, out PcscError error)
    {
        error = api.Status(handle, out status);
        if (error != PcscError.Success)
        {
            return $"0x{handle:X} is not a live card handle ({error}); not taken";
        }

        return string.Equals(status.ReaderName, readerName, StringComparison.Ordinal)
            ? null
            : $"the handle belongs to reader '{status.ReaderName}', not '{readerName}'; not taken";
    }

    public PcscError Transmit(ReadOnlySpan<byte> command, Span<byte> receive, out int received) =>
        api.Transmit(Handle, Protocol, command, receive, out received);

    public PcscError Control(uint code, ReadOnlySpan<byte> input, Span<byte> output, out int received) =>
        api.Control(Handle, code, input, output, out received);

    public PcscError GetAttrib(uint attribute, out byte[] value) => api.GetAttrib(Handle, attribute, out value);

    public PcscError EndTransaction(CardDisposition disposition) => api.EndTransaction(Handle, disposition);

    /// <summary>SCardReconnect; on success the protocol, share mode and ATR (a reset may change it) are updated.</summary>
    public PcscError Reconnect(ShareMode shareMode, CardProtocol protocols, CardDisposition initialization)
    {
        var error = api.Reconnect(Handle, shareMode, protocols, initialization, out var active);
        if (error == PcscError.Success)
        {
            Protocol = active;
            ShareMode = shareMode;
            RequestedProtocols = protocols;
            RefreshAtr();
        }

        return error;
    }

    /// <summary>Reconnect with the same share mode and protocols (acknowledging a reset, or resetting the card).</summary>
    public PcscError Reconnect(CardDisposition initialization) => Reconnect(ShareMode, RequestedProtocols, initialization);

    /// <summary>SCardDisconnect; the handle is forgotten only when the call succeeded or the handle was dead anyway.</summary>
    public PcscError Disconnect(CardDisposition disposition, out SessionId? ended)
    {
        var error = api.Disconnect(Handle, disposition);
        var dead = PcscErrorPolicy.HandleAlreadyDead(error);
        ended = error == PcscError.Success || dead ? Forget() : null;
        return error;
    }

    /// <summary>Disconnects (errors ignored: the handle may be dead already) and forgets the handle; returns the
    /// session that ended, if any.</summary>
    public SessionId? Drop(CardDisposition disposition)
    {
        if (Handle == 0)
        {
            return null;
        }

        api.Disconnect(Handle, disposition);
        return Forget();
    }

    /// <summary>What the service already knows without card I/O: true when the handle's card is absent or removed.</summary>
    public bool StatusSaysGone()
    {
        if (Handle == 0)
        {
            return true;
        }

        var error = api.Status(Handle, out var status);
        return error == PcscError.Success
            ? status.State.HasFlag(CardState.Absent)
            : PcscErrorPolicy.Decide("SCardStatus", error, PcscCallKind.CardRemoved).FollowUp == ReaderFollowUp.CardGone;
    }

    /// <summary>True when the handle still reaches a card (SCardStatus succeeds).</summary>
    public bool HandleAlive() => Handle != 0 && api.Status(Handle, out _) == PcscError.Success;

    /// <summary>True when the reader reports an eject mechanism (SCARD_ATTR_CHARACTERISTICS, a little-endian DWORD).</summary>
    public bool CanEject(out string why)
    {
        var error = api.GetAttrib(Handle, PcscAttributes.Characteristics, out var value);
        if (error != PcscError.Success || value.Length < 4)
        {
            why = $"the reader does not report its mechanical characteristics ({error}); Eject refused";
            return false;
        }

        var characteristics = (ReaderMechanicalCharacteristics)BitConverter.ToUInt32(value, 0);
        why = $"the reader has no eject mechanism (SCARD_ATTR_CHARACTERISTICS = {characteristics}); Eject refused";
        return characteristics.HasFlag(ReaderMechanicalCharacteristics.Ejects);
    }

    /// <summary>Drops the handle (LEAVE: our own reset would reset the card for every process) and releases the context.
    /// Idempotent. SCardIsValidContext cannot be trusted after a daemon restart, so the release is unconditional.</summary>
    public SessionId? Release(CardDisposition disposition = CardDisposition.Leave)
    {
        var ended = Drop(disposition);
        if (Context != 0)
        {
            api.ReleaseContext(Context);
            Context = 0;
        }

        return ended;
    }

    /// <summary>Releases what a lock call connected (a handle the actor never took, with LEAVE) and then this link
    /// (its own handle with <paramref name="disposition"/>).</summary>
    public void ReleaseAfterLockCall(LockCallResult? result, CardDisposition disposition = CardDisposition.Leave)
    {
        if (result is LockCallResult { Error: PcscError.Success, Card: not 0 } connected && connected.Card != Handle)
        {
            api.Disconnect(connected.Card, CardDisposition.Leave);
        }

        Release(disposition);
    }

    private void RefreshAtr()
    {
        if (api.Status(Handle, out var status) == PcscError.Success)
        {
            Atr = [.. status.Atr];
        }
    }

    private SessionId? Forget()
    {
        var session = Session;
        Handle = 0;
        Session = null;
        return session;
    }
}
