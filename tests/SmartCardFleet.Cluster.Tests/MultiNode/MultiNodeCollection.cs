namespace SmartCardFleet.Cluster.Tests.MultiNode;

/// <summary>The multi-node specs run one at a time and alone: each starts several ActorSystems whose failure detectors
/// must not starve on the 2-core CI machine while another spec's fleet churns.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiNodeCollection
{
    public const string Name = "multi-node";
}
