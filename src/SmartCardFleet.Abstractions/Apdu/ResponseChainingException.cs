namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>Why <see cref="ResponseHandlingChannel"/> gave up on a response.</summary>
public enum ResponseChainingFailure
{
    /// <summary>The card kept answering 61xx beyond <see cref="TransmitOptions.MaxGetResponseRounds"/>.</summary>
    TooManyRounds,

    /// <summary>The accumulated data exceeded <see cref="TransmitOptions.MaxResponseLength"/> or the command's Ne.</summary>
    ResponseTooLong,

    /// <summary>A command that was not the last of a batch answered 61xx or 6Cxx: the next command of the batch had
    /// already run, so the answer could not be completed. Send such a command on its own or last in its batch.</summary>
    IncompleteInBatch,
}

/// <summary>The response pipeline could not assemble a response within its bounds.</summary>
public sealed class ResponseChainingException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">What went wrong.</param>
    /// <param name="message">A message naming the command and the limit.</param>
    public ResponseChainingException(ResponseChainingFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    /// <summary>Creates the exception with a generic message (for serializers and tooling).</summary>
    public ResponseChainingException()
        : this(ResponseChainingFailure.TooManyRounds, "The response could not be assembled.")
    {
    }

    /// <summary>Creates the exception with a message (for serializers and tooling).</summary>
    /// <param name="message">The message.</param>
    public ResponseChainingException(string message)
        : this(ResponseChainingFailure.TooManyRounds, message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ResponseChainingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What went wrong.</summary>
    public ResponseChainingFailure Failure { get; }
}
