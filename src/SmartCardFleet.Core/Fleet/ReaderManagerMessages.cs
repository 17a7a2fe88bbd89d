using SmartCardFleet.Abstractions.Cards;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Core.Messaging;

namespace SmartCardFleet.Core.Fleet;

/// <summary>Envelope for any reader request addressed by id; the manager forwards it so the reader replies to the
/// original sender, or answers <see cref="ReaderFailureReason.UnknownReader"/> itself.</summary>
public sealed record ToReader(ReaderId ReaderId, object Message) : IFleetWireMessage;

/// <summary>Snapshots of every reader on the station, gathered with a per-query timeout.</summary>
public sealed record ListReaders : IFleetRequest<ReaderList>, IFleetWireMessage
{
    public static readonly ListReaders Instance = new();
}

/// <summary>Reply to <see cref="ListReaders"/>: the answers in ReaderId order, plus the readers that did not answer
/// in time or were restarting.</summary>
public sealed record ReaderList(IReadOnlyList<ReaderSnapshot> Readers, IReadOnlyList<ReaderFailure> Unavailable) : IFleetWireMessage;

/// <summary>Which reader holds a card matching the pattern now (from the monitor's view; no connection is made:
/// attaching is a separate request, unlike the seed's ISCardLocate::FindCard).</summary>
public sealed record FindCard(AtrPattern Pattern) : IFleetRequest<CardFound>, IFleetWireMessage;

/// <summary>Like <see cref="FindCard"/>, but waits up to <paramref name="Timeout"/> for such a card to be inserted
/// (successor of ISCardLocate::FindCard with a dialog). Fails with <see cref="ReaderFailureReason.Timeout"/>.</summary>
public sealed record WaitForCard(AtrPattern Pattern, TimeSpan Timeout) : IFleetRequest<CardFound>, IFleetWireMessage;

/// <summary>Reply to <see cref="FindCard"/> and <see cref="WaitForCard"/>.</summary>
public sealed record CardFound(ReaderId ReaderId, string ReaderName, byte[] Atr) : IFleetWireMessage;

/// <summary>Every reader holding a card matching the pattern now (same view and rules as <see cref="FindCard"/>, which
/// answers only the first by reader name).</summary>
public sealed record FindCards(AtrPattern Pattern) : IFleetRequest<CardsFound>, IFleetWireMessage;

/// <summary>Reply to <see cref="FindCards"/>, in reader-name order; empty when no card matches.</summary>
public sealed record CardsFound(IReadOnlyList<CardFound> Cards) : IFleetWireMessage;
