using SmartCardFleet.Enrollment.Hosting;
using SmartCardFleet.Storage;

namespace SmartCardFleet.Enrollment.Tests.Journal;

/// <summary>The connection string reaches Akka.Persistence.Sql exactly as configured: a password may hold any character.</summary>
public class EnrollmentConfigSpecs
{
    [Theory]
    [InlineData("Host=db;Username=fleet;Password=a\"b")]
    [InlineData("Host=db;Username=fleet;Password='x\"\"\"y'")]
    [InlineData("Host=db;Password=back\\slash\\\"end\"")]
    [InlineData("Host=db;Password=${akka.loglevel}#not-a-comment//either")]
    [InlineData("Host=db;Password=\u00e9t\u00e9\ttab\nline")]
    public void The_journal_and_snapshot_store_get_the_connection_string_unchanged(string connectionString)
    {
        var config = EnrollmentConfig.For(new StorageSettings(StorageProvider.PostgreSql, connectionString));

        Assert.Equal(connectionString, config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal(connectionString, config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
    }
}
