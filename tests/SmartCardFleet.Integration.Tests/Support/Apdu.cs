namespace SmartCardFleet.Integration.Tests.Support;

internal static class Apdu
{
    public static ushort StatusWord(byte[] response) =>
        response.Length >= 2 ? (ushort)((response[^2] << 8) | response[^1]) : throw new ArgumentException("No status word.");

    public static byte[] Data(byte[] response) => response[..^2];
}
