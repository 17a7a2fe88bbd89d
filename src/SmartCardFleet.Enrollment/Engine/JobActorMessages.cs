using Akka.Actor;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Messaging;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Enrollment.Journal;
using SmartCardFleet.Enrollment.Jobs;

namespace SmartCardFleet.Enrollment.Engine;

/// <summary>The manager asks a new job actor to write its definition; the job answers <paramref name="ReplyTo"/> with
/// its <see cref="JobView"/> once written.</summary>
internal sealed record StartJob(JobCreated Created, IActorRef ReplyTo) : ILocalOnlyMessage;

/// <summary>The manager offers a job a card its plugin identified in one of the job's readers; the job answers
/// <see cref="CardTaken"/>, <see cref="CardDeclined"/> or <see cref="CardDone"/>, so each card insertion serves at most one
/// job. <paramref name="FoundAtStart"/>: the card was already in its reader when the manager started, so it may be a card
/// this station finished before a restart.</summary>
internal sealed record OfferCard(ReaderId Reader, int Insertion, string Atr, bool FoundAtStart = false) : ILocalOnlyMessage;

internal sealed record CardTaken(string JobId, ReaderId Reader, int Insertion) : ILocalOnlyMessage;

internal sealed record CardDeclined(string JobId, ReaderId Reader, int Insertion) : ILocalOnlyMessage;

/// <summary>The job is done with the card of this insertion (its row or verify ended, whatever was written): the card
/// is never offered again, not even after the job's storage failed and came back.</summary>
internal sealed record CardDone(string JobId, ReaderId Reader, int Insertion) : ILocalOnlyMessage;

/// <summary>The card the job was working with left its reader (or the reader left).</summary>
internal sealed record CardGone(ReaderId Reader) : ILocalOnlyMessage;

/// <summary>A job actor finished recovery: its summary, or null when its journal holds no job (a creation that never
/// completed).</summary>
internal sealed record JobRecovered(string JobId, JobSummary? Summary, ReaderSelection? Readers, RetryPolicy? Retry) : ILocalOnlyMessage;

/// <summary>A job actor could not read or write its journal and stops; its BackoffSupervisor starts it again later.</summary>
internal sealed record JobStorageFailed(string JobId, string Reason) : ILocalOnlyMessage;

/// <summary>The manager asks a deleted job's actor to delete its journal (events and snapshots).</summary>
internal sealed record EraseJob : ILocalOnlyMessage
{
    public static readonly EraseJob Instance = new();
}

/// <summary>The job's journal is deleted (<paramref name="Problem"/> null), or could not be: its rows stay in the
/// database, unused, since no index entry leads to them any more.</summary>
internal sealed record JobErased(string JobId, string? Problem) : ILocalOnlyMessage;

/// <summary>What the job learned about a card before choosing what to run on it (self message).</summary>
internal sealed record CardReady(ReaderId Reader, int Insertion, string Atr, string? Uid, OperationInfo? Operation, OperationInfo? Verify,
    bool FoundAtStart = false) : ILocalOnlyMessage;

/// <summary>The plugin host answered a row's operation on the card of <paramref name="Insertion"/> (self message): the
/// reader may hold another card by then.</summary>
internal sealed record RowOperationEnded(string RowId, ReaderId Reader, int Insertion, OperationReply Reply) : ILocalOnlyMessage;

/// <summary>The plugin host answered a verify operation of an in-doubt row (self message).</summary>
internal sealed record VerifyEnded(string RowId, ReaderId Reader, int Insertion, string Atr, string? Uid, OperationReply Reply) : ILocalOnlyMessage;
