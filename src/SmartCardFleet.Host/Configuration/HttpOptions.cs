namespace SmartCardFleet.Host.Configuration;

/// <summary>The "Http" section: where the API and dashboard listen and the token that guards them.</summary>
public sealed class HttpOptions
{
    public const string SectionName = "Http";

    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Listen URLs; empty = <see cref="DefaultUrl"/>. A list (not a default value) because the binder appends
    /// configured items to a pre-filled list instead of replacing it.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>Bearer token every API request must carry. Required as soon as Kestrel binds one address that is not
    /// loopback (checked on the bound addresses by ListenAddressGuard).</summary>
    public string? ApiToken { get; set; }

    /// <summary>A file holding the token (one line; a final newline is ignored). Keeps the token out of the process list
    /// and out of the configuration file; exclusive with <see cref="ApiToken"/>.</summary>
    public string? ApiTokenFile { get; set; }

    /// <summary>Named tokens with roles (docs/security.md): each is stored as its hash. Http:ApiToken, when set, is one
    /// more token named "api-token" with the Admin role.</summary>
    public List<Security.ApiTokenOptions> Tokens { get; set; } = [];

    /// <summary>Host names (no scheme, no port) the station answers besides the loopback names; "*" answers any.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>The URLs Kestrel is given, one per entry: an entry may itself be a ';' list, as Kestrel reads it.</summary>
    public IReadOnlyList<string> EffectiveUrls => Urls.SelectMany(ListenUrl.Split).ToList() is { Count: > 0 } urls ? urls : [DefaultUrl];

    /// <summary>True when any token is configured: every request then needs one (ListenAddressGuard and the validator
    /// count the named tokens too).</summary>
    public bool RequiresToken => RequiresLegacyToken || Tokens.Count > 0;

    /// <summary>True when the single Http:ApiToken (or its file) is set.</summary>
    public bool RequiresLegacyToken => !string.IsNullOrEmpty(ApiToken);

    /// <summary>The token is never printed: options may be dumped by diagnostics.</summary>
    public override string ToString() => $"Urls={string.Join(';', EffectiveUrls)}, ApiToken={(RequiresLegacyToken ? "***" : "(none)")}, Tokens={Tokens.Count}";
}
