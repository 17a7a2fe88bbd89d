namespace SmartCardFleet.Host.Configuration;

/// <summary>The "Http" section: where the API and dashboard listen and the token that guards them.</summary>
public sealed class HttpOptions
{
    public const string SectionName = "Http";

    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Listen URLs; empty = <see cref="DefaultUrl"/>. A list (not a default value) because the binder appends
    /// configured items to a pre-filled list instead of replacing it.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>Bearer token every API request must carry. Required as soon as one URL is not loopback.</summary>
    public string? ApiToken { get; set; }

    public IReadOnlyList<string> EffectiveUrls => Urls.Count == 0 ? [DefaultUrl] : Urls;

    public bool RequiresToken => !string.IsNullOrEmpty(ApiToken);

    /// <summary>The token is never printed: options may be dumped by diagnostics.</summary>
    public override string ToString() => $"Urls={string.Join(';', EffectiveUrls)}, ApiToken={(RequiresToken ? "***" : "(none)")}";
}
