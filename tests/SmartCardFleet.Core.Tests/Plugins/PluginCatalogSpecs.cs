using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using SmartCardFleet.Core.Plugins.Loading;
using SmartCardFleet.Core.Tests.Plugins.Support;

namespace SmartCardFleet.Core.Tests.Plugins;

/// <summary>Loading plugin folders from disk: good ones load, each bad one is refused with one clear log line.</summary>
public sealed class PluginCatalogSpecs : IDisposable
{
    private readonly TestPluginDirectory _plugins = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public PluginCatalogSpecs()
    {
        _loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
    }

    private McMasterPluginCatalog Catalog => new(_plugins.Path, _loggerFactory.CreateLogger<McMasterPluginCatalog>());

    [Fact]
    public void When_the_four_shipped_plugins_are_installed_all_load_with_their_manifests()
    {
        _plugins.InstallShipped("Uid", "Ndef", "OpenPgp", "Iso7816");

        var result = Catalog.LoadAll();

        Assert.Empty(result.Rejected);
        Assert.Equal(
            ["org.smartcardfleet.iso7816", "org.smartcardfleet.ndef", "org.smartcardfleet.openpgp", "org.smartcardfleet.uid"],
            result.Loaded.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.All(result.Loaded, p => Assert.Equal("1.0.0", p.Version));
        DisposeAll(result);
    }

    [Fact]
    public void When_the_plugin_dll_comes_from_its_own_load_context_it_still_shares_the_hosts_SDK_types()
    {
        _plugins.InstallShipped("Uid");

        var plugin = Assert.Single(Catalog.LoadAll().Loaded);

        // Same ICardPlugin type identity as the host: the SDK assembly is shared, not loaded twice.
        Assert.Same(typeof(SmartCardFleet.Abstractions.Plugins.ICardPlugin).Assembly, plugin.Instance.GetType().GetInterfaces()
            .Single(i => i.Name == "ICardPlugin").Assembly);
        Assert.NotSame(typeof(SmartCardFleet.Abstractions.Plugins.ICardPlugin).Assembly, plugin.Instance.GetType().Assembly);
        plugin.Dispose();
    }

    [Theory]
    [InlineData("ThrowingCtor", PluginRejectionReason.ConstructorFailed, "this constructor always fails")]
    [InlineData("WrongSdk", PluginRejectionReason.IncompatibleSdk, "SdkVersion \"2.0.0\"")]
    [InlineData("NoPluginType", PluginRejectionReason.NoPluginType, "no public, non-abstract type implements")]
    public void When_a_plugin_folder_is_bad_it_is_rejected_with_one_log_line_and_the_others_load(
        string fixture, PluginRejectionReason reason, string detail)
    {
        _plugins.InstallShipped("Uid", "Iso7816").InstallFixtures(fixture);

        var result = Catalog.LoadAll();

        var rejection = Assert.Single(result.Rejected);
        Assert.Equal(fixture, rejection.Folder);
        Assert.Equal(reason, rejection.Reason);
        Assert.Contains(detail, rejection.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Loaded.Count);
        AssertOneRejectionLogLine(fixture, detail);
        DisposeAll(result);
    }

    [Fact]
    public void When_the_dll_is_corrupt_the_folder_is_rejected_as_a_bad_assembly()
    {
        _plugins.InstallShipped("Uid").WriteCorruptPlugin("Broken");

        var result = Catalog.LoadAll();

        var rejection = Assert.Single(result.Rejected);
        Assert.Equal(("Broken", PluginRejectionReason.BadAssembly), (rejection.Folder, rejection.Reason));
        Assert.Contains("not a .NET assembly", rejection.Message, StringComparison.Ordinal);
        Assert.Single(result.Loaded);
        AssertOneRejectionLogLine("Broken", "not a .NET assembly");
        DisposeAll(result);
    }

    [Fact]
    public void When_a_folder_has_no_dll_named_like_it_the_message_lists_what_it_found()
    {
        _plugins.InstallShipped("Iso7816").WriteMisnamedPlugin("Lonely");

        var result = Catalog.LoadAll();

        var rejection = Assert.Single(result.Rejected);
        Assert.Equal(PluginRejectionReason.MissingAssembly, rejection.Reason);
        Assert.Contains("expected Lonely.dll", rejection.Message, StringComparison.Ordinal);
        Assert.Contains("Other.dll", rejection.Message, StringComparison.Ordinal);
        AssertOneRejectionLogLine("Lonely", "expected Lonely.dll");
        DisposeAll(result);
    }

    [Fact]
    public void When_two_folders_declare_the_same_id_the_first_in_name_order_keeps_it()
    {
        _plugins.InstallShipped("Uid").InstallFixtures("UidDuplicate");

        var result = Catalog.LoadAll();

        var kept = Assert.Single(result.Loaded);
        Assert.Equal(("Uid", "1.0.0"), (kept.Folder, kept.Version));
        var rejection = Assert.Single(result.Rejected);
        Assert.Equal(("UidDuplicate", PluginRejectionReason.DuplicateId), (rejection.Folder, rejection.Reason));
        Assert.Contains("already provided by folder \"Uid\"", rejection.Message, StringComparison.Ordinal);
        AssertOneRejectionLogLine("UidDuplicate", "already provided");
        DisposeAll(result);
    }

    [Fact]
    public void When_the_plugin_directory_does_not_exist_nothing_loads_and_a_warning_says_so()
    {
        var catalog = new McMasterPluginCatalog(Path.Combine(_plugins.Path, "missing"), _loggerFactory.CreateLogger<McMasterPluginCatalog>());

        var result = catalog.LoadAll();

        Assert.Empty(result.Loaded);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void When_a_loaded_plugin_is_disposed_its_load_context_is_collected()
    {
        _plugins.InstallShipped("Ndef");
        var context = LoadAndDispose(Catalog);

        for (var i = 0; i < 20 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(context.IsAlive, "the plugin's collectible load context survived 20 collections after Dispose");
    }

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _plugins.Dispose();
    }

    // Kept out of line so no local in the test method roots the plugin.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndDispose(McMasterPluginCatalog catalog)
    {
        var plugin = catalog.LoadAll().Loaded.Single();
        Assert.True(plugin.Instance.Match(SmartCardFleet.Abstractions.Cards.Atr.Parse("3B 80 80 01 01")));
        var context = plugin.Context!;
        plugin.Dispose();
        return context;
    }

    private static void DisposeAll(PluginLoadResult result)
    {
        foreach (var plugin in result.Loaded)
        {
            plugin.Dispose();
        }
    }

    private void AssertOneRejectionLogLine(string folder, string detail)
    {
        var lines = _logs.Entries.Where(e => e.Message.Contains($"folder {folder} rejected", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains(detail, line.Message, StringComparison.Ordinal);
    }
}
