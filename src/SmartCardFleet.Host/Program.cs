using System.CommandLine;
using SmartCardFleet.Host.Cli;

// System.CommandLine's own Ctrl-C handling is off (ProcessTerminationTimeout = null): `fleet run` leaves SIGINT/SIGTERM
// to the Generic Host so the station stops gracefully and exits 0.
var parse = FleetCommandLine.Create().Parse(args);
var exitCode = await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
return parse.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
