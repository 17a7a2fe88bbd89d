namespace NoPluginType;

/// <summary>Public, but not a card plugin.</summary>
public sealed class NotAPlugin
{
    public string Name => "not a plugin";
}
