using System.Diagnostics;
using System.Diagnostics.Metrics;
using SmartCardFleet.Core.Events;
using SmartCardFleet.Core.Plugins;
using SmartCardFleet.Core.Readers;
using SmartCardFleet.Host.Events;

namespace SmartCardFleet.Host.Metrics;

/// <summary>
/// The "SmartCardFleet" meter, exported as Prometheus text on /metrics: APDUs, APDU errors and latency per reader and
/// plugin, plugin operations, card insertions and resets, reader faults, PC/SC service losses and the reader count.
/// Fed by fleet events (<see cref="Observe"/>) and by request outcomes (the API calls the Record methods).
/// Every label value comes from a bounded set, never from a request as such: a reader the station has (else
/// "unknown"), an operation a loaded plugin offers (else "unknown"), a loaded plugin's id, a failure reason's enum
/// name (else "other"). Otherwise ids a client invents would each add series until /metrics breaks.
/// In a fleet, the labels stay this station's: other stations' events are not observed here, and a request this node
/// routed to another station's reader names it by its fleet-wide id, which is never a known reader ("unknown").
/// </summary>
public sealed class FleetMetrics
{
    public const string MeterName = "SmartCardFleet";
    public const string Unknown = "unknown";
    private const string NoPlugin = "none";
    private const string Ok = "ok";
    private const string OtherReason = "other";
    private static readonly HashSet<string> ReaderFailureReasons = [.. Enum.GetNames<ReaderFailureReason>()];
    private static readonly HashSet<string> OperationOutcomes = [Ok, .. Enum.GetNames<OperationFailureReason>()];

    private readonly KnownReaders _readers;
    private readonly Counter<long> _apdus;
    private readonly Counter<long> _apduErrors;
    private readonly Histogram<double> _apduLatency;
    private readonly Counter<long> _operations;
    private readonly Histogram<double> _operationLatency;
    private readonly Counter<long> _insertions;
    private readonly Counter<long> _resets;
    private readonly Counter<long> _faults;
    private readonly Counter<long> _serviceLosses;

    public FleetMetrics(IMeterFactory meterFactory, KnownReaders readers)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _readers = readers;
        var meter = meterFactory.Create(MeterName);
        _apdus = meter.CreateCounter<long>("fleet.apdus", description: "APDUs exchanged, per reader and plugin");
        _apduErrors = meter.CreateCounter<long>("fleet.apdu.errors", description: "APDUs that failed (no response from the card)");
        _apduLatency = meter.CreateHistogram<double>("fleet.apdu.duration", unit: "ms", description: "Card time per APDU");
        _operations = meter.CreateCounter<long>("fleet.operations", description: "Plugin operations by outcome");
        _operationLatency = meter.CreateHistogram<double>("fleet.operation.duration", unit: "ms", description: "Plugin operation time");
        _insertions = meter.CreateCounter<long>("fleet.card.insertions", description: "Cards inserted");
        _resets = meter.CreateCounter<long>("fleet.card.resets", description: "Cards reset by another process or powered down");
        _faults = meter.CreateCounter<long>("fleet.reader.faults", description: "Readers that faulted");
        _serviceLosses = meter.CreateCounter<long>("fleet.service.losses", description: "Times the PC/SC service went away");
        meter.CreateObservableGauge("fleet.readers", () => _readers.Count, description: "Readers managed by the station");
    }

    public void RecordApdu(string readerId, string? plugin, TimeSpan elapsed) =>
        RecordApdu(readerId, plugin, elapsed.TotalMilliseconds, error: null);

    public void RecordApduError(string readerId, string? plugin, string reason) =>
        RecordApdu(readerId, plugin, null, reason);

    /// <param name="operation">The operation's name when a loaded plugin offers it; null for a name none offers.</param>
    /// <param name="outcome">"ok" or the failure's <see cref="OperationFailureReason"/> name (anything else counts as "other").</param>
    public void RecordOperation(string readerId, string plugin, string? operation, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "reader", ReaderLabel(readerId) }, { "plugin", plugin }, { "operation", operation ?? Unknown },
            { "outcome", OperationOutcomes.Contains(outcome) ? outcome : OtherReason },
        };
        _operations.Add(1, tags);
        _operationLatency.Record(elapsed.TotalMilliseconds, tags);
    }

    public void Observe(IFleetEvent fleetEvent)
    {
        ArgumentNullException.ThrowIfNull(fleetEvent);
        var reader = fleetEvent.ReaderId?.Value ?? "station";
        switch (fleetEvent)
        {
            case CardInserted:
                _insertions.Add(1, new KeyValuePair<string, object?>("reader", reader));
                break;
            case CardReset:
                _resets.Add(1, new KeyValuePair<string, object?>("reader", reader));
                break;
            case ReaderFaulted:
                _faults.Add(1, new KeyValuePair<string, object?>("reader", reader));
                break;
            case ServiceLost:
                _serviceLosses.Add(1);
                break;
            default:
                break;
        }
    }

    private void RecordApdu(string readerId, string? plugin, double? elapsedMs, string? error)
    {
        var tags = new TagList { { "reader", ReaderLabel(readerId) }, { "plugin", plugin ?? NoPlugin } };
        if (error is not null)
        {
            tags.Add("reason", ReaderFailureReasons.Contains(error) ? error : OtherReason);
            _apduErrors.Add(1, tags);
            return;
        }

        _apdus.Add(1, tags);
        _apduLatency.Record(elapsedMs ?? 0, tags);
    }

    private string ReaderLabel(string readerId) => _readers.Contains(readerId) ? readerId : Unknown;
}
