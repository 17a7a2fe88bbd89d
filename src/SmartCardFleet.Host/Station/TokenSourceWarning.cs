using SmartCardFleet.Host.Configuration;

namespace SmartCardFleet.Host.Station;

/// <summary>Warns once at start when the API token was given on the command line, where `ps` shows it to every user of
/// the machine. Never prints the token.</summary>
internal sealed class TokenSourceWarning(IConfiguration configuration, ILogger<TokenSourceWarning> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (ApiTokenSource.CameFromCommandLine(configuration))
        {
            log.LogWarning("Http:ApiToken was given on the command line, where other users of this machine can read it in the " +
                "process list; set it through the environment (FLEET_Http__ApiToken) or a file (Http:ApiTokenFile) instead");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
