namespace SmartCardFleet.Core.Tests.Plugins.Shipped;

/// <summary>A shipped plugin as built into artifacts/plugins/&lt;name&gt;, loaded by the test kit's harness for each spec
/// the way a plugin author's tests load theirs.</summary>
public abstract class ShippedPluginSpec(string pluginName) : IAsyncLifetime
{
    protected PluginHarness Harness { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Harness = await PluginHarness.LoadAsync(RepositoryPaths.ShippedPlugin(pluginName));

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}
