namespace SmartCardFleet.Abstractions.Iso7816;

/// <summary>SELECT P2 b2-b1: which occurrence of a DF name to select.</summary>
public enum SelectOccurrence : byte
{
    /// <summary>First or only occurrence.</summary>
    First = 0x00,

    /// <summary>Last occurrence.</summary>
    Last = 0x01,

    /// <summary>Next occurrence.</summary>
    Next = 0x02,

    /// <summary>Previous occurrence.</summary>
    Previous = 0x03,
}

/// <summary>SELECT P2 b4-b3: what the card returns after selecting.</summary>
public enum SelectResponse : byte
{
    /// <summary>Return the FCI template (tag 6F); Le = 00.</summary>
    Fci = 0x00,

    /// <summary>Return the FCP template (tag 62); Le = 00.</summary>
    Fcp = 0x04,

    /// <summary>Return the FMD template (tag 64); Le = 00.</summary>
    Fmd = 0x08,

    /// <summary>Return no data; no Le.</summary>
    None = 0x0C,
}

/// <summary>SELECT P1: how the data field identifies the file.</summary>
public enum SelectBy : byte
{
    /// <summary>00: MF, DF or EF by file identifier (empty data selects the MF).</summary>
    FileId = 0x00,

    /// <summary>01: child DF by file identifier.</summary>
    ChildDf = 0x01,

    /// <summary>02: EF under the current DF by file identifier.</summary>
    ChildEf = 0x02,

    /// <summary>03: parent DF of the current DF (no data).</summary>
    Parent = 0x03,

    /// <summary>04: by DF name (application identifier).</summary>
    DfName = 0x04,

    /// <summary>08: path from the MF (without the MF identifier).</summary>
    PathFromMf = 0x08,

    /// <summary>09: path from the current DF (without its identifier).</summary>
    PathFromCurrentDf = 0x09,
}
