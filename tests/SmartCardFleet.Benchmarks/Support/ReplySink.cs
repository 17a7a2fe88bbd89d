using Akka.Actor;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>
/// A reusable reply address for one caller with one request in flight: Tell(request, sink) and await the reply,
/// without Ask's per-request temporary actor and timeout registration. Measures what a caller-side client could
/// save on the actor path (figure 1 breakdown). Not thread-safe by design: one outstanding request at a time.
/// </summary>
public sealed class ReplySink : MinimalActorRef
{
    private TaskCompletionSource<object> _pending = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ReplySink(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        Provider = ((ExtendedActorSystem)system).Provider;
        Path = Provider.TempPath();
    }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider { get; }

    public Task<object> Send(IActorRef target, object request)
    {
        ArgumentNullException.ThrowIfNull(target);
        _pending = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        target.Tell(request, this);
        return _pending.Task;
    }

    protected override void TellInternal(object message, IActorRef sender) => _pending.TrySetResult(message);
}
