namespace SmartCardFleet.Pcsc;

/// <summary>What SCardStatus reports for a connected card, with the platform's encoding normalised.</summary>
/// <param name="ReaderName">The first (on Windows possibly only one of several) reader name of the handle.</param>
/// <param name="State">Normalised card state flags.</param>
/// <param name="Protocol">Active protocol.</param>
/// <param name="Atr">The card's ATR.</param>
public sealed record CardStatus(string ReaderName, CardState State, CardProtocol Protocol, byte[] Atr);
