using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartCardFleet.Integration.Tests.Cluster;

/// <summary>One HTTP answer of a node's API: status, parsed JSON body (null when the body is not JSON) and the raw
/// text for failure messages.</summary>
internal sealed record ApiAnswer(HttpStatusCode Status, JsonNode? Body, string Text)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    /// <summary>The body of a 2xx answer; fails the test with the status and text otherwise.</summary>
    public JsonNode Json(string what)
    {
        Assert.True(Ok && Body is not null, $"{what}: {(int)Status} {Text}");
        return Body!;
    }

    public override string ToString() => $"{(int)Status} {Text}";

    public static async Task<ApiAnswer> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return await ReadAsync(response);
    }

    public static async Task<ApiAnswer> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        return await ReadAsync(response);
    }

    private static async Task<ApiAnswer> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body;
        try
        {
            body = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            body = null;
        }

        return new ApiAnswer(response.StatusCode, body, text);
    }
}
