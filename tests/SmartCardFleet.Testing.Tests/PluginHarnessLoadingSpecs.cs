namespace SmartCardFleet.Testing.Tests;

/// <summary>Folders the station refuses are refused by the harness with the station's reason.</summary>
public sealed class PluginHarnessLoadingSpecs : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("scf-harness-");

    [Fact]
    public async Task A_folder_without_a_DLL_named_like_it_is_refused_listing_what_it_holds()
    {
        var folder = _scratch.CreateSubdirectory("Contoso.Badge");
        await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "Other.dll"), []);

        var refused = await Assert.ThrowsAsync<PluginLoadException>(() => PluginHarness.LoadAsync(folder.FullName));

        Assert.Contains("expected Contoso.Badge.dll in the folder", refused.Message, StringComparison.Ordinal);
        Assert.Contains("found Other.dll", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_folder_is_refused_saying_to_build_first()
    {
        var refused = await Assert.ThrowsAsync<PluginLoadException>(() => PluginHarness.LoadAsync(Path.Combine(_scratch.FullName, "Nowhere")));

        Assert.Contains("does not exist", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_assembly_without_a_plugin_type_is_refused()
    {
        var refused = await Assert.ThrowsAsync<PluginLoadException>(() =>
            PluginHarness.LoadAsync(RepositoryPaths.RequireBuilt(RepositoryPaths.TestPlugin("NoPluginType"))));

        Assert.Contains("no public, non-abstract type implements SmartCardFleet.Abstractions.Plugins.ICardPlugin", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_built_for_another_major_SDK_version_is_refused_by_the_compatibility_check()
    {
        var refused = await Assert.ThrowsAsync<PluginLoadException>(() =>
            PluginHarness.LoadAsync(RepositoryPaths.RequireBuilt(RepositoryPaths.TestPlugin("WrongSdk"))));

        Assert.Contains("declares SdkVersion \"2.0.0\"", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_whose_constructor_throws_is_refused_with_the_cause()
    {
        var refused = await Assert.ThrowsAsync<PluginLoadException>(() =>
            PluginHarness.LoadAsync(RepositoryPaths.RequireBuilt(RepositoryPaths.TestPlugin("ThrowingCtor"))));

        Assert.Contains("could not be created", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_whose_session_registers_other_operations_than_it_declares_is_refused_when_the_session_opens()
    {
        await using var harness = await PluginHarness.LoadAsync(RepositoryPaths.RequireBuilt(RepositoryPaths.TestPlugin("DriftedOperations")));
        var card = new ScriptedCardChannel("3B 02 14 50");

        var identification = await harness.IdentifyAsync(card);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.RunAsync("read-badge", null, card));

        Assert.Equal((true, false), (identification.Matched, identification.Accepted));
        Assert.Equal(refused.Message, identification.Failure?.Message);
        Assert.Contains("declared in the manifest but not registered by the session: beep", refused.Message, StringComparison.Ordinal);
        Assert.Contains("registered by the session but not declared in the manifest: erase", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_dotnet_assembly_is_refused()
    {
        var folder = _scratch.CreateSubdirectory("Native");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "Native.dll"), "not a PE file");

        var refused = await Assert.ThrowsAsync<PluginLoadException>(() => PluginHarness.LoadAsync(folder.FullName));

        Assert.Contains("Native.dll is not a .NET assembly", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Delete(recursive: true);
}
