using System.Text;
using System.Text.Json.Nodes;
using SmartCardFleet.Abstractions;
using SmartCardFleet.Abstractions.Plugins;

namespace SmartCardFleet.Plugins.Ndef;

/// <summary>NDEF records (NFC Forum NDEF 1.0, RTD URI and RTD Text): build a one-record message, describe a message as JSON.</summary>
internal static class NdefCodec
{
    private const byte TnfWellKnown = 0x01;
    private const byte TnfMime = 0x02;

    /// <summary>URI identifier codes 0x00-0x23 (RTD URI 1.0 table 3).</summary>
    private static readonly string[] UriPrefixes =
    [
        "", "http://www.", "https://www.", "http://", "https://", "tel:", "mailto:", "ftp://anonymous:anonymous@",
        "ftp://ftp.", "ftps://", "sftp://", "smb://", "nfs://", "ftp://", "dav://", "news:", "telnet://", "imap:",
        "rtsp://", "urn:", "pop:", "sip:", "sips:", "tftp:", "btspp://", "btl2cap://", "btgoep://", "tcpobex://",
        "irdaobex://", "file://", "urn:epc:id:", "urn:epc:tag:", "urn:epc:pat:", "urn:epc:raw:", "urn:epc:", "urn:nfc:",
    ];

    public static byte[] UriRecord(string uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            throw CardOperationException.InvalidArgument("uri", "must not be empty");
        }

        // The longest matching prefix gives the shortest record ("https://www." beats "https://").
        var code = Enumerable.Range(1, UriPrefixes.Length - 1)
            .Where(i => uri.StartsWith(UriPrefixes[i], StringComparison.Ordinal))
            .OrderByDescending(i => UriPrefixes[i].Length)
            .FirstOrDefault();
        byte[] payload = [(byte)code, .. Encoding.UTF8.GetBytes(uri[UriPrefixes[code].Length..])];
        return Record(TnfWellKnown, "U"u8, payload);
    }

    public static byte[] TextRecord(string text, string language)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lang = Encoding.ASCII.GetBytes(language);
        byte[] payload = [(byte)lang.Length, .. lang, .. Encoding.UTF8.GetBytes(text)];
        return Record(TnfWellKnown, "T"u8, payload);
    }

    /// <summary>One record with MB and ME set; short form (SR) when the payload fits in one length byte.</summary>
    private static byte[] Record(byte tnf, ReadOnlySpan<byte> type, byte[] payload)
    {
        var shortRecord = payload.Length <= 255;
        var header = (byte)(0x80 | 0x40 | (shortRecord ? 0x10 : 0x00) | tnf);
        byte[] length = shortRecord
            ? [(byte)payload.Length]
            : [(byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length];
        return [header, (byte)type.Length, .. length, .. type, .. payload];
    }

    public static JsonArray Describe(ReadOnlySpan<byte> message)
    {
        var records = new JsonArray();
        var offset = 0;
        while (offset < message.Length)
        {
            var header = message[offset++];
            var tnf = (byte)(header & 0x07);
            var typeLength = Take(message, ref offset, 1)[0];
            var payloadLength = (header & 0x10) != 0
                ? Take(message, ref offset, 1)[0]
                : (int)Math.Min(int.MaxValue, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(Take(message, ref offset, 4)));
            var idLength = (header & 0x08) != 0 ? Take(message, ref offset, 1)[0] : 0;
            var type = Take(message, ref offset, typeLength).ToArray();
            var id = Take(message, ref offset, idLength).ToArray();
            var payload = Take(message, ref offset, payloadLength).ToArray();
            records.Add(DescribeRecord(tnf, type, id, payload));
            if ((header & 0x40) != 0)
            {
                break;
            }
        }

        return records;
    }

    private static JsonObject DescribeRecord(byte tnf, byte[] type, byte[] id, byte[] payload)
    {
        var record = new JsonObject { ["tnf"] = (int)tnf, ["type"] = Encoding.ASCII.GetString(type), ["payload"] = Hex.Format(payload) };
        if (id.Length > 0)
        {
            record["id"] = Hex.Format(id);
        }

        switch (tnf)
        {
            case TnfWellKnown when type is [(byte)'U'] && payload.Length >= 1:
                var prefix = payload[0] < UriPrefixes.Length ? UriPrefixes[payload[0]] : "";
                record["kind"] = "uri";
                record["uri"] = prefix + Encoding.UTF8.GetString(payload.AsSpan(1));
                break;
            case TnfWellKnown when type is [(byte)'T'] && payload.Length >= 1:
                var utf16 = (payload[0] & 0x80) != 0;
                var langLength = Math.Min(payload[0] & 0x3F, payload.Length - 1);
                record["kind"] = "text";
                record["language"] = Encoding.ASCII.GetString(payload, 1, langLength);
                record["encoding"] = utf16 ? "UTF-16" : "UTF-8";
                record["text"] = (utf16 ? Encoding.BigEndianUnicode : Encoding.UTF8).GetString(payload, 1 + langLength, payload.Length - 1 - langLength);
                break;
            case TnfMime:
                record["kind"] = "mime";
                record["mimeType"] = Encoding.ASCII.GetString(type);
                break;
            default:
                record["kind"] = "other";
                break;
        }

        return record;
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> message, ref int offset, int count)
    {
        if (count > message.Length - offset)
        {
            throw new CardOperationException(CardOperationError.CardError,
                $"The NDEF message is truncated: a record needs {count} more bytes at offset {offset} but only {message.Length - offset} remain.");
        }

        var slice = message.Slice(offset, count);
        offset += count;
        return slice;
    }
}
