using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Fleet;
using SmartCardFleet.Host.Events;
using SmartCardFleet.Host.Metrics;

namespace SmartCardFleet.Host.Tests.Metrics;

public sealed class FleetMetricsLabelTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly KnownReaders _readers = new();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, IReadOnlyDictionary<string, object?> Tags)> _recorded = [];
    private readonly FleetMetrics _metrics;

    public FleetMetricsLabelTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _metrics = new FleetMetrics(factory, _readers);
        // Only this factory's meter: stations of other test classes record into their own "SmartCardFleet" meters meanwhile.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(instrument, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, tags));
        _listener.Start();
        _readers.Observe(new ReaderAdded(new ReaderId("known-reader"), "Known Reader", DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void A_reader_the_station_does_not_have_and_a_reason_that_is_no_failure_name_get_fixed_labels()
    {
        _metrics.RecordApduError("invented-reader", null, "a reason nobody defined");
        _metrics.RecordApduError("known-reader", "p", "Timeout");

        var errors = _recorded.Where(r => r.Instrument == "fleet.apdu.errors").Select(r => r.Tags).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Equal(("unknown", "other"), ((string)errors[0]["reader"]!, (string)errors[0]["reason"]!));
        Assert.Equal(("known-reader", "Timeout"), ((string)errors[1]["reader"]!, (string)errors[1]["reason"]!));
    }

    [Fact]
    public void An_operation_no_plugin_offers_and_an_outcome_that_is_no_failure_name_get_fixed_labels()
    {
        _metrics.RecordOperation("invented-reader", "none", null, "Unexpected", TimeSpan.Zero);
        _metrics.RecordOperation("known-reader", "p", "read-uid", "ok", TimeSpan.Zero);

        var operations = _recorded.Where(r => r.Instrument == "fleet.operations").Select(r => r.Tags).ToList();
        Assert.Equal(2, operations.Count);
        Assert.Equal(("unknown", "unknown", "other"),
            ((string)operations[0]["reader"]!, (string)operations[0]["operation"]!, (string)operations[0]["outcome"]!));
        Assert.Equal(("known-reader", "read-uid", "ok"),
            ((string)operations[1]["reader"]!, (string)operations[1]["operation"]!, (string)operations[1]["outcome"]!));
    }

    [Fact]
    public void A_removed_reader_and_every_reader_after_a_service_loss_are_unknown_again()
    {
        _readers.Observe(new ReaderAdded(new ReaderId("other-reader"), "Other Reader", DateTimeOffset.UnixEpoch));
        _readers.Observe(new ReaderRemoved(new ReaderId("other-reader"), "Other Reader", DateTimeOffset.UnixEpoch));
        Assert.False(_readers.Contains("other-reader"));
        Assert.True(_readers.Contains("known-reader"));

        _readers.Observe(new ServiceLost(null, SmartCardFleet.Pcsc.PcscError.NoService, DateTimeOffset.UnixEpoch));

        Assert.Equal(0, _readers.Count);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
        lock (_recorded)
        {
            _recorded.Add((instrument.Name, copy));
        }
    }
}
