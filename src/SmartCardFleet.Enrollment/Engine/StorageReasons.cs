using System.Data.Common;
using SmartCardFleet.Storage;
using SmartCardFleet.Storage.Database;

namespace SmartCardFleet.Enrollment.Engine;

/// <summary>Why the job journal failed, in the storage project's words (<see cref="FailureReasons"/>: "database is
/// locked", "PostgreSQL at host:port is unreachable", the password masked), whatever Akka.Persistence wrapped the
/// database's exception in.</summary>
internal static class StorageReasons
{
    public static Func<Exception, string> For(StorageSettings storage)
    {
        var reasons = new FailureReasons(storage);
        return failure => reasons.Of(DatabaseCause(failure));
    }

    private static Exception DatabaseCause(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is DbException)
            {
                return e;
            }
        }

        return failure.GetBaseException();
    }
}
