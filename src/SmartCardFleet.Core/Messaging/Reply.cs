using System.Diagnostics.CodeAnalysis;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Core.Messaging;

/// <summary>The answer to a typed request: either the success record <typeparamref name="T"/> or the request's typed
/// failure, never anything else. <see cref="Unanswered"/> tells a failure the asker made (no answer in time, recipient
/// gone) from one the recipient sent, because only the asker knows the request may still run.</summary>
public abstract class Reply<T, TFailure>
    where T : class
    where TFailure : class
{
    private protected Reply(T? value, TFailure? failure, bool unanswered)
    {
        if ((value is null) == (failure is null))
        {
            throw new ArgumentException("a reply is either a success or a failure");
        }

        Value = value;
        Failure = failure;
        Unanswered = unanswered;
    }

    public T? Value { get; }

    public TFailure? Failure { get; }

    /// <summary>True when the recipient never answered: the failure is the asker's (Timeout or gone).</summary>
    public bool Unanswered { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsSuccess => Value is not null;

    public TResult Match<TResult>(Func<T, TResult> success, Func<TFailure, TResult> failure)
    {
        ArgumentNullException.ThrowIfNull(success);
        ArgumentNullException.ThrowIfNull(failure);
        return IsSuccess ? success(Value) : failure(Failure);
    }

    public override string ToString() => IsSuccess ? $"Success({Value})" : $"Failure({Failure})";
}

/// <summary>Answer of a reader, fleet or plugin-host query: <typeparamref name="T"/> or a <see cref="ReaderFailure"/>.</summary>
public sealed class ReaderReply<T> : Reply<T, ReaderFailure>
    where T : class
{
    private ReaderReply(T? value, ReaderFailure? failure, bool unanswered)
        : base(value, failure, unanswered)
    {
    }

    public static ReaderReply<T> Success(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null, false);

    public static ReaderReply<T> Failed(ReaderFailure failure) =>
        new(null, failure ?? throw new ArgumentNullException(nameof(failure)), false);

    internal static ReaderReply<T> NoAnswer(ReaderFailure failure) => new(null, failure, true);
}

/// <summary>Answer of a <see cref="RunOperation"/>: <see cref="OperationCompleted"/> or <see cref="OperationFailed"/>.</summary>
public sealed class OperationReply : Reply<OperationCompleted, OperationFailed>
{
    private OperationReply(OperationCompleted? value, OperationFailed? failure, bool unanswered)
        : base(value, failure, unanswered)
    {
    }

    public static OperationReply Success(OperationCompleted value) =>
        new(value ?? throw new ArgumentNullException(nameof(value)), null, false);

    public static OperationReply Failed(OperationFailed failure) =>
        new(null, failure ?? throw new ArgumentNullException(nameof(failure)), false);

    internal static OperationReply NoAnswer(OperationFailed failure) => new(null, failure, true);
}

/// <summary>Answer of an <see cref="IPluginCommand"/>: the <see cref="PluginCatalogStatus"/> afterwards or a
/// <see cref="PluginCommandFailed"/>.</summary>
public sealed class PluginCommandReply : Reply<PluginCatalogStatus, PluginCommandFailed>
{
    private PluginCommandReply(PluginCatalogStatus? value, PluginCommandFailed? failure, bool unanswered)
        : base(value, failure, unanswered)
    {
    }

    public static PluginCommandReply Success(PluginCatalogStatus value) =>
        new(value ?? throw new ArgumentNullException(nameof(value)), null, false);

    public static PluginCommandReply Failed(PluginCommandFailed failure) =>
        new(null, failure ?? throw new ArgumentNullException(nameof(failure)), false);

    internal static PluginCommandReply NoAnswer(PluginCommandFailed failure) => new(null, failure, true);
}
