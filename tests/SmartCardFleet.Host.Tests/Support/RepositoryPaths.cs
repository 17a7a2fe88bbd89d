namespace SmartCardFleet.Host.Tests.Support;

internal static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SmartCardFleet.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("SmartCardFleet.sln not found above the test output");
        }
    }

    /// <summary>The shipped plugins, built by the host project's build-order references.</summary>
    public static string ShippedPlugins => Path.Combine(Root, "artifacts", "plugins");

    public static string TestPlugin(string name) => Path.Combine(Root, "artifacts", "test-plugins", name);
}
