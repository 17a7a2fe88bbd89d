using Akka.Hosting;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Enrollment.Jobs;

namespace SmartCardFleet.Enrollment.Hosting;

/// <summary>Akka.Hosting support for enrollment jobs (docs/enrollment.md).</summary>
public static class EnrollmentHostingExtensions
{
    /// <summary>
    /// Journal and snapshots of the jobs in <see cref="EnrollmentOptions.Storage"/> (Akka.Persistence.Sql, tables created
    /// at start), the journal's serializer, and the job manager, registered in the ActorRegistry as
    /// <see cref="JobManagerKey"/>. Call it after WithSmartCardFleet: the manager needs the station's ReaderManager and
    /// PluginHost from the registry. A console (no readers) does not run jobs.
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static AkkaConfigurationBuilder WithEnrollmentJobs(this AkkaConfigurationBuilder builder, EnrollmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return builder
            .AddHocon(EnrollmentConfig.For(options.Storage!), HoconAddMode.Prepend)
            .WithActors((system, registry) =>
            {
                var manager = EnrollmentJobs.Start(system, registry.Get<ReaderManager>(), registry.Get<PluginHost>(), options);
                registry.Register<JobManagerKey>(manager);
            });
    }
}
