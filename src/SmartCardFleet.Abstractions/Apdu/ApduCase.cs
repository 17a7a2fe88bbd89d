namespace SmartCardFleet.Abstractions.Apdu;

/// <summary>The four command-response cases of ISO/IEC 7816-3 / 7816-4 (section 5.1).</summary>
public enum ApduCase
{
    /// <summary>Case 1: no command data, no response data expected (CLA INS P1 P2).</summary>
    Case1 = 1,

    /// <summary>Case 2: no command data, response data expected (… Le).</summary>
    Case2 = 2,

    /// <summary>Case 3: command data, no response data expected (… Lc data).</summary>
    Case3 = 3,

    /// <summary>Case 4: command data and response data expected (… Lc data Le).</summary>
    Case4 = 4,
}
