using System.Text.Encodings.Web;
using System.Text.Json;
using Akka.Configuration;
using LinqToDB;
using SmartCardFleet.Enrollment.Journal;
using SmartCardFleet.Storage;

namespace SmartCardFleet.Enrollment.Hosting;

/// <summary>
/// The ActorSystem configuration of the jobs: Akka.Persistence.Sql as journal and snapshot store in the station's
/// database (tables created at start), and the journal's serializer. The same HOCON serves the Generic Host
/// (<see cref="EnrollmentHostingExtensions.WithEnrollmentJobs"/>) and the specs' plain ActorSystems.
/// </summary>
public static class EnrollmentConfig
{
    /// <summary>linq2db's provider for each engine: Microsoft.Data.Sqlite, and PostgreSQL 15 dialect (newer servers too).</summary>
    public static string ProviderName(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => LinqToDB.ProviderName.SQLiteMS,
        StorageProvider.PostgreSql => LinqToDB.ProviderName.PostgreSQL15,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown storage provider"),
    };

    /// <summary>A HOCON quoted string that reads back exactly as <paramref name="text"/>: HOCON's quoted strings take
    /// JSON's escapes, so a password with quotes, backslashes, "${" or any other character stays what it was.</summary>
    internal static string Quoted(string text) => JsonSerializer.Serialize(text, QuotedOptions);

    private static readonly JsonSerializerOptions QuotedOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Config For(StorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var connection = Quoted(storage.ConnectionString);
        var provider = ProviderName(storage.Provider);
        var serializer = typeof(EnrollmentJournalSerializer);
        var marker = typeof(IEnrollmentJournalMessage);
        return ConfigurationFactory.ParseString($$""""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = {{connection}}
                  provider-name = "{{provider}}"
                  auto-initialize = on
                  # Storage that comes back is used again within seconds (the default waits 30 s after 10 failures).
                  circuit-breaker.reset-timeout = 5s
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = {{connection}}
                  provider-name = "{{provider}}"
                  auto-initialize = on
                  circuit-breaker.reset-timeout = 5s
                }
              }
            }
            akka.actor {
              serializers.smartcardfleet-enrollment = "{{serializer.FullName}}, {{serializer.Assembly.GetName().Name}}"
              serialization-bindings {
                "{{marker.FullName}}, {{marker.Assembly.GetName().Name}}" = smartcardfleet-enrollment
              }
            }
            """").WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
    }
}
