using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SmartCardFleet.Host.Api;

/// <summary>Declares how clients authenticate in /openapi/v1.json: "Authorization: Bearer" (clients) or the fleet_token
/// cookie (the dashboard's session). Without any API token an empty requirement says that no credentials are needed.</summary>
internal sealed class OpenApiSecurity(ApiTokenCheck check) : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "bearer";

    public const string CookieScheme = "cookie";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.AddComponent<IOpenApiSecurityScheme>(BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API token of the station (Http:Tokens, Http:ApiToken); its role decides what it may do (docs/security.md). Required when the station has any (always when it listens off loopback).",
        });
        document.AddComponent<IOpenApiSecurityScheme>(CookieScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = ApiTokenMiddleware.CookieName,
            Description = "HttpOnly cookie set by POST /api/session for the dashboard (EventSource cannot send headers).",
        });
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] });
        if (!check.Required)
        {
            document.Security.Add(new OpenApiSecurityRequirement());
        }

        return Task.CompletedTask;
    }
}
