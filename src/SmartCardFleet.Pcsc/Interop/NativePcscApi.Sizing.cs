namespace SmartCardFleet.Pcsc.Interop;

// The calls whose result size is known only after asking: size, allocate, fetch, and size again when the answer grew
// in between (a reader arrived, a longer name). Every loop gives up after MaxSizingAttempts instead of spinning.
internal abstract unsafe partial class NativePcscApi<TReaderState>
{
    /// <summary>MAX_READERNAME: enough for every reader name we have seen, so Status rarely needs a second call.</summary>
    private const int InitialReaderNameUnits = 128;

    /// <summary>The reader list may change between the sizing and the fetch call; give up after this many tries.</summary>
    private const int MaxSizingAttempts = 8;

    private delegate PcscError MultiStringCall(byte* buffer, uint* units);

    public PcscError ListReaders(nint context, string? groups, out IReadOnlyList<string> readers) =>
        FetchMultiString((buffer, units) => ListReadersCore(context, groups, buffer, units), out readers);

    public PcscError ListReaderGroups(nint context, out IReadOnlyList<string> groups) =>
        FetchMultiString((buffer, units) => ListReaderGroupsCore(context, buffer, units), out groups);

    public PcscError Status(nint card, out CardStatus status)
    {
        status = new CardStatus(string.Empty, CardState.None, CardProtocol.Undefined, []);
        var nameUnits = InitialReaderNameUnits;
        var atrLength = TReaderState.AtrCapacity;
        for (var attempt = 0; attempt < MaxSizingAttempts; attempt++)
        {
            var name = new byte[nameUnits * CharSize];
            var atr = new byte[atrLength];
            var gotUnits = (uint)nameUnits;
            var gotAtr = (uint)atrLength;
            uint rawState = 0;
            uint rawProtocol = 0;
            PcscError rc;
            fixed (byte* nameData = name)
            fixed (byte* atrData = atr)
            {
                rc = StatusCore(card, nameData, &gotUnits, &rawState, &rawProtocol, atrData, &gotAtr);
            }

            if (rc == PcscError.InsufficientBuffer || rc == PcscError.InsufficientBufferWin32)
            {
                nameUnits = Math.Max((int)gotUnits, nameUnits * 2);
                atrLength = Math.Max((int)gotAtr, atrLength);
                continue;
            }

            if (rc != PcscError.Success)
            {
                return rc;
            }

            var names = MultiString.Parse(Decode(name.AsSpan(0, Math.Min((int)gotUnits, nameUnits) * CharSize)));
            status = new CardStatus(names.Count > 0 ? names[0] : string.Empty, MapCardState(rawState),
                FromNativeProtocol(rawProtocol), atr.AsSpan(0, Math.Clamp((int)gotAtr, 0, atr.Length)).ToArray());
            return PcscError.Success;
        }

        return PcscError.InsufficientBuffer;
    }

    public PcscError GetAttrib(nint card, uint attributeId, out byte[] value)
    {
        value = [];
        for (var attempt = 0; attempt < MaxSizingAttempts; attempt++)
        {
            uint length = 0;
            var rc = GetAttribCore(card, attributeId, null, &length);
            if (rc != PcscError.Success)
            {
                return rc;
            }

            var buffer = new byte[length];
            fixed (byte* data = buffer)
            {
                rc = GetAttribCore(card, attributeId, buffer.Length == 0 ? null : data, &length);
            }

            if (rc == PcscError.InsufficientBuffer || rc == PcscError.InsufficientBufferWin32)
            {
                continue;
            }

            if (rc == PcscError.Success)
            {
                value = buffer.AsSpan(0, Math.Clamp((int)length, 0, buffer.Length)).ToArray();
            }

            return rc;
        }

        return PcscError.InsufficientBuffer;
    }

    private PcscError FetchMultiString(MultiStringCall call, out IReadOnlyList<string> values)
    {
        values = [];
        for (var attempt = 0; attempt < MaxSizingAttempts; attempt++)
        {
            uint units = 0;
            var rc = call(null, &units);
            if (rc == PcscError.NoReadersAvailable)
            {
                return PcscError.Success;
            }

            if (rc != PcscError.Success)
            {
                return rc;
            }

            var buffer = new byte[(int)units * CharSize];
            fixed (byte* data = buffer)
            {
                rc = call(buffer.Length == 0 ? null : data, &units);
            }

            if (rc == PcscError.InsufficientBuffer || rc == PcscError.InsufficientBufferWin32)
            {
                // A reader arrived between the two calls: size again.
                continue;
            }

            if (rc == PcscError.NoReadersAvailable)
            {
                return PcscError.Success;
            }

            if (rc == PcscError.Success)
            {
                var chars = Math.Clamp((int)units, 0, buffer.Length / CharSize);
                values = MultiString.Parse(Decode(buffer.AsSpan(0, chars * CharSize)));
            }

            return rc;
        }

        return PcscError.InsufficientBuffer;
    }
}
