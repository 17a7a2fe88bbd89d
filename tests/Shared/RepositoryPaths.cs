namespace SmartCardFleet.Testing;

/// <summary>
/// Where the repository and its build outputs are, seen from a test binary: the shipped plugins and the test
/// fixture plugins are built into artifacts/ beside SmartCardFleet.sln before the tests run. Linked into every test
/// project (Directory.Build.props) so there is one way to find them.
/// </summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding SmartCardFleet.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>artifacts/ beside SmartCardFleet.sln.</summary>
    public static string Artifacts => Path.Combine(Root, "artifacts");

    /// <summary>The shipped plugins' folder (artifacts/plugins), one sub-folder per plugin.</summary>
    public static string ShippedPlugins => Path.Combine(Artifacts, "plugins");

    /// <summary>A shipped plugin's built folder; fails clearly when the build has not produced it.</summary>
    public static string ShippedPlugin(string name) => RequireBuilt(Path.Combine(ShippedPlugins, name));

    /// <summary>A test fixture plugin's built folder (artifacts/test-plugins/&lt;name&gt;).</summary>
    public static string TestPlugin(string name) => Path.Combine(Artifacts, "test-plugins", name);

    /// <summary>The packages for plugin authors (artifacts/packages), packed by ./test.sh before the tests run.</summary>
    public static string Packages => Path.Combine(Artifacts, "packages");

    /// <summary>A packed package's path; fails clearly when it has not been packed.</summary>
    public static string RequirePackage(string fileName) => File.Exists(Path.Combine(Packages, fileName))
        ? Path.Combine(Packages, fileName)
        : throw new FileNotFoundException($"{Path.Combine(Packages, fileName)} is missing: pack first (./test.sh, or dotnet pack SmartCardFleet.sln -c Release -o artifacts/packages).");

    /// <summary>Returns <paramref name="folder"/> when it exists, else says to build first.</summary>
    public static string RequireBuilt(string folder) => Directory.Exists(folder)
        ? folder
        : throw new DirectoryNotFoundException($"{folder} is missing: build the solution (./test.sh or dotnet build) so the plugins are built first.");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SmartCardFleet.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("SmartCardFleet.sln not found above the test binaries.");
    }
}
