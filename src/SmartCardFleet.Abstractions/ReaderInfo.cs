namespace SmartCardFleet.Abstractions;

/// <summary>The reader a card channel talks through.</summary>
/// <param name="Id">The host's stable reader id (device instance id, else name plus serial).</param>
/// <param name="Name">The PC/SC display name.</param>
public sealed record ReaderInfo(string Id, string Name);
