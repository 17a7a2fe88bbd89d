using System.Net.Sockets;
using SmartCardFleet.VirtualCards.Cards;
using SmartCardFleet.VirtualCards.Faults;

namespace SmartCardFleet.VirtualCards.Vpcd;

/// <summary>
/// Puts a virtual card into a vpcd reader slot: connected = inserted, closed = removed. The connection is served
/// on a dedicated thread with blocking socket calls (a card answers one command at a time, and a long-command
/// fault may block for seconds without holding a pool thread).
/// </summary>
public sealed class VpcdCardClient : IAsyncDisposable
{
    private readonly VpcdCardClientOptions _options;
    private readonly Lock _sync = new();
    private CancellationTokenSource? _session;
    private Socket? _socket;
    private TaskCompletionSource? _firstConnection;
    private TaskCompletionSource? _stopped;
    private int _connectionCount;
    private volatile bool _isInserted;
    private volatile bool _isConnected;

    public VpcdCardClient(IVirtualCard card, VpcdCardClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Card = card;
        _options = options;
    }

    public IVirtualCard Card { get; }

    /// <summary>From <see cref="InsertAsync"/> until <see cref="RemoveAsync"/>, a removal fault, or (without
    /// <see cref="VpcdCardClientOptions.KeepInserted"/>) the connection dropping.</summary>
    public bool IsInserted => _isInserted;

    public bool IsConnected => _isConnected;

    /// <summary>Connections made so far (a reconnect under KeepInserted counts again).</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>
    /// Inserts the card and completes once the first connection is up. Without KeepInserted a failed connect
    /// fails the task (<see cref="SocketException"/>) and leaves the card removed; with KeepInserted it keeps trying
    /// until <paramref name="cancellationToken"/> is cancelled, which removes the card again.
    /// </summary>
    public async Task InsertAsync(CancellationToken cancellationToken = default)
    {
        Task firstConnection;
        lock (_sync)
        {
            if (_session is not null && _stopped is { Task.IsCompleted: true })
            {
                // The card left on its own (removal fault, or a dropped connection without KeepInserted).
                EndSession();
            }

            if (_session is not null)
            {
                throw new InvalidOperationException("The card is already inserted; remove it first.");
            }

            _session = new CancellationTokenSource();
            _firstConnection = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            firstConnection = _firstConnection.Task;
            _isInserted = true;
            Card.Faults.ResetRequested += OnResetRequested;
            var token = _session.Token;
            var thread = new Thread(() => Run(token)) { IsBackground = true, Name = $"vpcd card :{_options.Port}" };
            thread.Start();
        }

        try
        {
            await firstConnection.WaitAsync(cancellationToken);
        }
        catch
        {
            await RemoveAsync();
            throw;
        }
    }

    /// <summary>Removes the card: closes the connection and waits for the serving thread to end. Idempotent.</summary>
    public async Task RemoveAsync()
    {
        Task? stopped;
        lock (_sync)
        {
            if (_session is null)
            {
                return;
            }

            _session.Cancel();
            CloseSocket();
            stopped = _stopped?.Task;
        }

        if (stopped is not null)
        {
            await stopped;
        }

        lock (_sync)
        {
            EndSession();
        }
    }

    public async ValueTask DisposeAsync() => await RemoveAsync();

    private void Run(CancellationToken token)
    {
        var delay = _options.ReconnectDelay;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var socket = Connect(token, out var failure);
                if (socket is null)
                {
                    if (!_options.KeepInserted)
                    {
                        _firstConnection!.TrySetException(failure!);
                        return;
                    }

                    token.WaitHandle.WaitOne(delay);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
                    continue;
                }

                delay = _options.ReconnectDelay;
                Interlocked.Increment(ref _connectionCount);
                _isConnected = true;
                _firstConnection!.TrySetResult();
                var end = Serve(socket, token);
                _isConnected = false;
                lock (_sync)
                {
                    CloseSocket();
                }

                if (end == ServeEnd.CardRemovedByFault || !_options.KeepInserted)
                {
                    return;
                }

                token.WaitHandle.WaitOne(_options.ReconnectDelay);
            }
        }
        finally
        {
            _isConnected = false;
            _isInserted = false;
            _firstConnection!.TrySetCanceled(CancellationToken.None);
            _stopped!.TrySetResult();
        }
    }

    private Socket? Connect(CancellationToken token, out Exception? failure)
    {
        failure = null;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        lock (_sync)
        {
            if (token.IsCancellationRequested)
            {
                socket.Dispose();
                return null;
            }

            _socket = socket;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(_options.ConnectTimeout);
            socket.ConnectAsync(_options.Host, _options.Port, timeout.Token).AsTask().GetAwaiter().GetResult();
            VpcdSocket.Tune(socket);
            return socket;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            failure = ex;
            lock (_sync)
            {
                CloseSocket();
            }

            return null;
        }
    }

    private ServeEnd Serve(Socket socket, CancellationToken token)
    {
        try
        {
            while (true)
            {
                var message = VpcdSocket.ReceiveMessage(socket);
                if (message is null)
                {
                    return ServeEnd.ConnectionClosed;
                }

                if (message.Length == 1)
                {
                    HandleControl(socket, message[0]);
                    continue;
                }

                var result = CardExchange.Transmit(Card, message, token);
                switch (result.Outcome)
                {
                    case CardExchangeOutcome.Answered:
                        VpcdSocket.SendMessage(socket, result.Response);
                        break;
                    case CardExchangeOutcome.RemovedDuringCommand:
                        return ServeEnd.CardRemovedByFault;
                    default:
                        return ServeEnd.ConnectionClosed;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return ServeEnd.ConnectionClosed;
        }
    }

    private void HandleControl(Socket socket, byte control)
    {
        switch (control)
        {
            case VpcdControl.PowerOff:
                Card.PowerOff();
                break;
            case VpcdControl.PowerOn:
                Card.PowerOn();
                break;
            case VpcdControl.Reset:
                Card.Reset();
                break;
            case VpcdControl.GetAtr:
                // A mute card answers with an empty ATR, which vpcd reports as a card that did not answer.
                VpcdSocket.SendMessage(socket, Card.Faults.Mute ? [] : Card.Atr);
                break;
            default:
                // Unknown controls get no answer, like the ones vpcd expects none for.
                break;
        }
    }

    private void EndSession()
    {
        if (_session is null)
        {
            return;
        }

        Card.Faults.ResetRequested -= OnResetRequested;
        _session.Dispose();
        _session = null;
    }

    private void OnResetRequested(object? sender, EventArgs e) => Card.Reset();

    private void CloseSocket()
    {
        var socket = _socket;
        _socket = null;
        if (socket is null)
        {
            return;
        }

        try
        {
            if (socket.Connected)
            {
                socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (SocketException)
        {
            // Already reset by the peer: closing is all that is left to do.
        }

        socket.Dispose();
    }

    private enum ServeEnd
    {
        ConnectionClosed,
        CardRemovedByFault,
    }
}
