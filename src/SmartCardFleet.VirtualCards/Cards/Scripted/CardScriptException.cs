namespace SmartCardFleet.VirtualCards.Cards.Scripted;

/// <summary>A card script that cannot be played; the message names the line (JSON syntax) or the field (content).</summary>
public sealed class CardScriptException : Exception
{
    public CardScriptException()
    {
    }

    public CardScriptException(string message)
        : base(message)
    {
    }

    public CardScriptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
