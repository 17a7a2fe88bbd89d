namespace SmartCardFleet.Abstractions.Plugins;

/// <summary>What <see cref="PluginAssemblyRules.CreatePlugin"/> made of a plugin type: the plugin and its manifest, or
/// why it could not be created.</summary>
/// <param name="Plugin">The instance; null when creating it failed.</param>
/// <param name="Manifest">Its manifest as read once after creation (may be null: <see cref="PluginAssemblyRules.ManifestProblem"/> says so).</param>
/// <param name="Problem">Why creation failed, for the refusal; null on success.</param>
/// <param name="Cause">The exception the constructor or the Manifest getter threw; null on success.</param>
/// <remarks>Since SDK 1.2.</remarks>
public sealed record PluginCreation(ICardPlugin? Plugin, PluginManifest? Manifest, string? Problem, Exception? Cause);
