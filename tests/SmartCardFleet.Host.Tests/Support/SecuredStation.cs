using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Host.Security;
using SmartCardFleet.Storage.Audit;

namespace SmartCardFleet.Host.Tests.Support;

/// <summary>A simulated station with one named token per role (Http:Tokens, configured by hash) and an in-memory audit
/// journal, shared by a test class; clients for each token and for none.</summary>
public sealed class SecuredStation : IAsyncLifetime
{
    public const string ViewerToken = "viewer-token-4f1d0a7c9e2b8d3f6a5c";
    public const string OperatorToken = "operator-token-8b2e6d1f0c9a7e3b5d4f";
    public const string AdminToken = "admin-token-1c7f3a9e5b2d8f0a6c4e";

    internal InMemoryAuditJournal Audit { get; } = new();

    internal StationUnderTest Station { get; private set; } = null!;

    public async Task InitializeAsync() => Station = await StationUnderTest.StartAsync(readers: 8,
        overrides: TokenSettings(("kiosk-viewer", ViewerToken, "Viewer"), ("desk-operator", OperatorToken, "Operator"),
            ("fleet-admin", AdminToken, "Admin")),
        clientToken: AdminToken,
        services: s => s.AddSingleton<IAuditJournal>(Audit).AddSingleton<IAuditReader>(Audit));

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = Station.BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static Dictionary<string, string?> TokenSettings(params (string Name, string Token, string Role)[] tokens)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < tokens.Length; i++)
        {
            settings[$"Http:Tokens:{i}:Name"] = tokens[i].Name;
            settings[$"Http:Tokens:{i}:Hash"] = TokenHash.Format(tokens[i].Token);
            settings[$"Http:Tokens:{i}:Role"] = tokens[i].Role;
        }

        return settings;
    }

    public async Task DisposeAsync() => await Station.DisposeAsync();
}
