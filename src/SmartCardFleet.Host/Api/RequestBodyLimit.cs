using Microsoft.AspNetCore.Server.Kestrel.Core;
using SmartCardFleet.Core.Readers;

namespace SmartCardFleet.Host.Api;

/// <summary>
/// The largest request body the station reads: 1 MiB, for every request (all bodies are JSON). Every valid request
/// fits: one APDU of <see cref="Transmit.MaxLength"/> bytes is 131 KiB of hex (197 KiB with separators), a transaction
/// carries at most <see cref="ApduEndpoints.MaxTransactionBytes"/> (768 KiB of hex even with separators). A larger
/// body is refused by Kestrel while it is read (413, problem+json from the exception handler) instead of being
/// buffered and parsed.
/// </summary>
public static class RequestBodyLimit
{
    public const long MaxBytes = 1024 * 1024;

    public static IServiceCollection AddRequestBodyLimit(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBytes);
}
