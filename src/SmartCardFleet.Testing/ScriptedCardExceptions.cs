namespace SmartCardFleet.Testing;

/// <summary>A command reached a <see cref="ScriptedCardChannel"/> that no expectation takes and no Otherwise answers.</summary>
public sealed class UnexpectedCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnexpectedCommandException()
    {
    }

    /// <summary>Creates the exception with a message naming the command and the next expectation.</summary>
    /// <param name="message">The message.</param>
    public UnexpectedCommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UnexpectedCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary><see cref="ScriptedCardChannel.VerifyAllExpectationsMet"/> found expectations no command used.</summary>
public sealed class UnmetExpectationsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnmetExpectationsException()
    {
    }

    /// <summary>Creates the exception with a message listing the unmet expectations.</summary>
    /// <param name="message">The message.</param>
    public UnmetExpectationsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UnmetExpectationsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
