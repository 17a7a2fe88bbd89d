using SmartCardFleet.Storage.Database;

namespace SmartCardFleet.Storage.Schema;

/// <summary>One step of the schema: applied once, in version order, inside the migration's transaction, and recorded in
/// fleet_schema. Steps are never edited once released; a change is a new step.</summary>
internal sealed record Migration(int Version, string Description, Func<SqlDialect, IReadOnlyList<string>> Statements);
