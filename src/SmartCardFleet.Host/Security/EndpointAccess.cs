namespace SmartCardFleet.Host.Security;

/// <summary>Endpoint metadata: the least role a request needs (<see cref="EndpointAccess.RequireRole{T}"/>). An endpoint
/// under /api without it needs <see cref="FleetRole.Viewer"/> for GET and <see cref="FleetRole.Admin"/> otherwise, so a
/// forgotten annotation fails closed.</summary>
public sealed record RequiredRole(FleetRole Role);

/// <summary>Endpoint metadata: the request changes state and is written to the audit journal under
/// <see cref="Action"/>, a stable dotted name such as "reader.transmit" (<see cref="EndpointAccess.Audited{T}"/>).</summary>
public sealed record AuditedAction(string Action);

/// <summary>What an audited request was about, set by its handler for the audit journal: the reader, the card and the
/// redacted arguments. Never put a PIN, key or secret argument here.</summary>
public sealed record AuditSubject(string? Reader, string? CardAtr, string? CardUid, System.Text.Json.Nodes.JsonObject? What)
{
    /// <summary>The station the request ran on when it is not this node (a routed reader request); null: this station.</summary>
    public string? Station { get; init; }
}

public static class EndpointAccess
{
    private static readonly object CallerKey = new();
    private static readonly object SubjectKey = new();

    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, FleetRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredRole(role));

    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditedAction(action));

    /// <summary>The caller the token check found; <see cref="FleetCaller.Local"/> when the station has no tokens.</summary>
    public static FleetCaller Caller(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(CallerKey, out var caller) && caller is FleetCaller found ? found : FleetCaller.Local;
    }

    /// <summary>The caller the token check found, or null when it found none (a request refused for its token, or one to
    /// an endpoint open without a token that did not identify itself).</summary>
    public static FleetCaller? IdentifiedCaller(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(CallerKey, out var caller) ? caller as FleetCaller : null;
    }

    public static void SetCaller(this HttpContext context, FleetCaller caller)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[CallerKey] = caller;
    }

    /// <summary>Tells the audit journal what this request was about (the last call wins).</summary>
    public static void SetAuditSubject(this HttpContext context, AuditSubject subject)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[SubjectKey] = subject;
    }

    public static AuditSubject? AuditSubject(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(SubjectKey, out var subject) ? subject as AuditSubject : null;
    }
}
