using System.CommandLine;
using SmartCardFleet.Host.Cli;

return await FleetCommandLine.Create().Parse(args)
    .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
