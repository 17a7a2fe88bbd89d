using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace SmartCardFleet.Host.Tests.Hostile;

/// <summary>One request a careless or hostile client could send: any method, path, body, content type and headers.</summary>
public sealed record HostileRequest(string Method, string Path, string? Body, string? ContentType, string? LastEventId)
{
    public HttpRequestMessage ToMessage()
    {
        // One connection per request: a refused oversized body makes the station close its connection, and a pooled
        // connection reused after that would blame the next request for it.
        var message = new HttpRequestMessage(new HttpMethod(Method), Path) { Headers = { ConnectionClose = true } };
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
            if (ContentType is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            }
        }

        if (LastEventId is not null)
        {
            message.Headers.TryAddWithoutValidation("Last-Event-ID", LastEventId);
        }

        return message;
    }

    /// <summary>Short enough for a failure message: the generated body can be megabytes.</summary>
    public override string ToString() =>
        $"{Method} {Shorten(Path)} [{ContentType ?? "no content type"}] body={Shorten(Body ?? "(none)")} Last-Event-ID={Shorten(LastEventId ?? "-")}";

    private static string Shorten(string text) => text.Length <= 120 ? text : $"{text[..120]}…({text.Length} chars)";
}

/// <summary>FsCheck generators of <see cref="HostileRequest"/>: known and invented reader ids and operations, enum values
/// that try to combine or smuggle numbers, malformed and oversized JSON, wrong content types and methods.</summary>
internal static class HostileRequests
{
    private static readonly string[] KnownReaders = [.. Enumerable.Range(0, 4).Select(i => $"simulated-reader-{i:00}")];

    private static readonly string[] Operations =
        ["read-uid", "card-info", "read-binary", "update-binary", "read-ndef", "write-ndef-text", "get-data", "cardholder-name"];

    private static readonly string[] EnumTexts =
        ["Shared", "Exclusive", "Direct", "Shared,Exclusive", "Reset,Unpower", "+3", "-1", "3", "0x2", "T0", "T1", "T0, T1", "T0|T1", "Raw",
         "T15", "T0,,T1", " ", "shared", "Leave", "Eject", "Unpower", "Reset", "None", "Any", "Default"];

    private static readonly Gen<string> Junk = Gen.OneOf(
        Gen.Elements("", " ", "%00", "..", "ü", "a\u0000b", "<script>", "'; DROP TABLE", "\"", "{}", "null"),
        Gen.Choose(0, 64).SelectMany(n => Gen.ArrayOf(Gen.Choose(32, 126).Select(c => (char)c), n)).Select(c => new string(c)),
        Gen.Elements(1_000, 20_000, 300_000).Select(n => new string('x', n)));

    private static readonly Gen<string> ReaderIds = Gen.OneOf(
        Gen.Elements(KnownReaders),
        Gen.Elements("no-such-reader", "simulated-reader-99", "Not A Slug", "a--b", "-a"),
        Junk);

    private static readonly Gen<string> OperationNames = Gen.OneOf(Gen.Elements(Operations), Junk);

    private static readonly Gen<string> Paths = Gen.OneOf(
        Gen.Elements("/api/readers", "/api/plugins", "/metrics", "/healthz", "/readyz", "/openapi/v1.json", "/api/nothing", "/api/readers/",
            "/", "/dashboard.js"),
        ReaderIds.Select(id => $"/api/readers/{Escape(id)}"),
        ReaderIds.SelectMany(id => Gen.Elements("attach", "detach", "reconnect", "transmit", "transaction", "nothing")
            .Select(action => $"/api/readers/{Escape(id)}/{action}")),
        ReaderIds.SelectMany(id => OperationNames.Select(op => $"/api/readers/{Escape(id)}/operations/{Escape(op)}")),
        Gen.OneOf(Gen.Elements("org.smartcardfleet.uid", "Uid", "org.example.none"), Junk)
            .SelectMany(id => Gen.Elements("reload", "quarantine", "nothing").Select(action => $"/api/plugins/{Escape(id)}/{action}")),
        Junk.Select(q => $"/api/readers?{Escape(q)}={Escape(q)}"));

    private static readonly Gen<string> HexApdus = Gen.OneOf(
        Gen.Elements("00A4040000", "00B0000010", "00CA004F00", "FFCA000000", "0020008106313233343536", "00", "zz", "00A4040", ""),
        Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255), n))
            .Select(bytes => string.Concat(bytes.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)))));

    private static readonly Gen<string> JsonValues = Gen.OneOf(
        Gen.Elements(EnumTexts).Select(Quote),
        HexApdus.Select(Quote),
        Junk.Select(Quote),
        Gen.Elements("0", "-1", "1e308", "9223372036854775808", "true", "null", "[]", "{}", "[1,2,3]"),
        Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(HexApdus, n)).Select(list => $"[{string.Join(',', list.Select(Quote))}]"),
        Gen.Elements("pin", "opts", "passcode", "offset", "length", "text", "uri", "page", "data")
            .SelectMany(key => Junk.Select(value => $"{{{Quote(key)}:{Quote(value)},\"opts\":{{\"pin\":\"577215\"}}}}")));

    private static readonly Gen<string> Keys = Gen.OneOf(
        Gen.Elements("apdu", "apdus", "shareMode", "protocols", "disposition", "initialization", "arguments"),
        Junk);

    private static readonly Gen<string?> Bodies = Gen.OneOf(
        Gen.Constant<string?>(null),
        Gen.Elements<string?>("", "{", "[", "null", "\"x\"", "{\"apdu\":", "{\"apdu\":\"00A4\"}}", "\u0000", "{}"),
        Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Keys.SelectMany(key => JsonValues.Select(value => $"{Quote(key)}:{value}")), n))
            .Select(fields => (string?)$"{{{string.Join(',', fields)}}}"),
        Gen.Elements(200_000, 2_000_000).Select(n => (string?)$"{{\"apdu\":\"{new string('0', n)}\"}}"));

    private static readonly Gen<string?> ContentTypes = Gen.Elements<string?>(
        "application/json", "application/json", "application/json", null, "text/plain", "application/xml",
        "application/json; charset=utf-16", "multipart/form-data; boundary=x");

    private static readonly Gen<string?> LastEventIds = Gen.OneOf(
        Gen.Constant<string?>(null),
        Gen.Elements<string?>("0", "-1", "9223372036854775807", "9223372036854775808", "abc", "1e3", " 5", ""));

    private static readonly Gen<string> Methods = Gen.Elements("GET", "GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    public static Arbitrary<HostileRequest> Any { get; } =
        Methods.SelectMany(method => Paths.SelectMany(path => Bodies.SelectMany(body => ContentTypes.SelectMany(type =>
            LastEventIds.Select(lastId => new HostileRequest(method, path, body, type, lastId))))))
        .ToArbitrary();

    private static string Escape(string text) => Uri.EscapeDataString(text);

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
