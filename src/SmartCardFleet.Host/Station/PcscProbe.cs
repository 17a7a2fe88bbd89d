using SmartCardFleet.Pcsc;

namespace SmartCardFleet.Host.Station;

/// <summary>One EstablishContext/ReleaseContext at start on its own thread (PC/SC calls stay off the ThreadPool), to
/// tell /readyz whether the service answers before the reader manager has published anything.</summary>
public sealed class PcscProbe(IPcscApi api, StationReadiness readiness) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var thread = new Thread(() =>
        {
            var error = api.EstablishContext(PcscScope.System, out var context);
            if (error == PcscError.Success)
            {
                api.ReleaseContext(context);
            }

            readiness.ProbeResult(error);
        })
        { IsBackground = true, Name = "pcsc-probe" };
        thread.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
