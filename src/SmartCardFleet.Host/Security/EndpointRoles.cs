namespace SmartCardFleet.Host.Security;

/// <summary>Endpoint metadata: the endpoint answers without a token (the dashboard's login, which checks the token it
/// is given itself).</summary>
public sealed record OpenAccess;

/// <summary>The role an endpoint needs: its <see cref="RequiredRole"/>, or when it has none Viewer for GET/HEAD and Admin
/// for anything else, so a state-changing endpoint someone forgot to annotate fails closed.</summary>
public static class EndpointRoles
{
    public static TBuilder AllowWithoutToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OpenAccess());

    public static FleetRole For(Endpoint? endpoint, string method) =>
        endpoint?.Metadata.GetMetadata<RequiredRole>()?.Role
        ?? (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? FleetRole.Viewer : FleetRole.Admin);

    public static bool IsOpen(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<OpenAccess>() is not null;
}
