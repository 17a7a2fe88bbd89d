using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SmartCardFleet.Host.Configuration;

namespace SmartCardFleet.Host.Api;

/// <summary>The one comparison of a presented token with Http:ApiToken: constant time over SHA-256 hashes (so neither
/// length nor content leaks through timing). The token itself is never logged or echoed.</summary>
public sealed class ApiTokenCheck(IOptions<HttpOptions> options)
{
    private readonly byte[]? _expected = options.Value.RequiresToken ? Hash(options.Value.ApiToken!) : null;

    public bool Required => _expected is not null;

    public bool Accepts(string? presented) =>
        _expected is null || (presented is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), _expected));

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
