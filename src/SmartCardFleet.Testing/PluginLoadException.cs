namespace SmartCardFleet.Testing;

/// <summary>
/// <see cref="PluginHarness.LoadAsync"/> refused a plugin folder for a reason the station would refuse it too; the
/// message is the station's reason (no DLL named like the folder, no plugin type, an incompatible SDK, ...).
/// </summary>
public sealed class PluginLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginLoadException()
    {
    }

    /// <summary>Creates the exception with the reason.</summary>
    /// <param name="message">The reason.</param>
    public PluginLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    /// <param name="message">The reason.</param>
    /// <param name="innerException">The cause.</param>
    public PluginLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
