using System.CommandLine;

namespace SmartCardFleet.Host.Cli;

/// <summary>The `fleet` command: `run` hosts a station; every other verb is a client of a running host's API.</summary>
public static class FleetCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("SmartCardFleet station host and client")
        {
            GlobalOptions.Url, GlobalOptions.Token, GlobalOptions.Json,
        };
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(StationsCommand.Create());
        foreach (var command in ReaderCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(ApduCommand.Create());
        foreach (var command in PluginCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(EventsCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(TokenCommands.Create());
        root.Subcommands.Add(JobCommands.Create());
        root.Subcommands.Add(VcardCommand.Create());
        return root;
    }
}
