using System.Net.Sockets;
using SmartCardFleet.VirtualCards.Cards.FileSystem;
using SmartCardFleet.VirtualCards.Vpcd;

namespace SmartCardFleet.VirtualCards.Tests.Vpcd;

public sealed class VpcdCardClientTests : IAsyncLifetime
{
    private readonly FakeVpcd _vpcd = new();
    private readonly Iso7816FileSystemCard _card = DefaultPersonalisation.Create();
    private VpcdCardClient _client = null!;

    public Task InitializeAsync()
    {
        _client = new VpcdCardClient(_card, new VpcdCardClientOptions { Port = _vpcd.Port });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        _vpcd.Dispose();
    }

    private async Task<FakeVpcdConnection> InsertAsync(VpcdCardClient? client = null)
    {
        var accept = _vpcd.AcceptAsync();
        await (client ?? _client).InsertAsync();
        return await accept;
    }

    [Fact]
    public async Task Get_ATR_is_answered_with_the_cards_ATR()
    {
        using var connection = await InsertAsync();

        await connection.SendControlAsync(VpcdControl.GetAtr);

        Assert.Equal(_card.Atr, await connection.ReceiveAsync());
        Assert.True(_client.IsInserted);
        Assert.True(_client.IsConnected);
    }

    [Fact]
    public async Task An_APDU_gets_the_cards_response_framed_with_a_big_endian_length()
    {
        using var connection = await InsertAsync();

        var response = await connection.ExchangeAsync(Hex.Bytes("00A4080C04 50005001"));
        var read = await connection.ExchangeAsync(Hex.Bytes("00B0000005"));

        Assert.Equal("9000", Hex.Of(response));
        Assert.Equal("48656C6C6F9000", Hex.Of(read));
    }

    [Fact]
    public async Task Power_and_reset_controls_get_no_answer_and_reset_drops_volatile_state()
    {
        using var connection = await InsertAsync();
        Assert.Equal("9000", Hex.Of(await connection.ExchangeAsync(Hex.Bytes("00200001 04 31323334"))));

        await connection.SendControlAsync(VpcdControl.PowerOff);
        await connection.SendControlAsync(VpcdControl.PowerOn);
        await connection.SendControlAsync(VpcdControl.Reset);
        await connection.SendControlAsync(VpcdControl.GetAtr);

        Assert.Equal(_card.Atr, await connection.ReceiveAsync());
        Assert.Equal("63C3", Hex.Of(await connection.ExchangeAsync(Hex.Bytes("00200001"))));
    }

    [Fact]
    public async Task A_mute_card_answers_get_ATR_with_an_empty_message()
    {
        _card.Faults.Mute = true;
        using var connection = await InsertAsync();

        await connection.SendControlAsync(VpcdControl.GetAtr);

        var atr = await connection.ReceiveAsync();
        Assert.NotNull(atr);
        Assert.Empty(atr);
    }

    [Fact]
    public async Task Removal_during_a_command_closes_the_connection_without_an_answer()
    {
        using var connection = await InsertAsync();
        _card.Faults.RemoveDuringNextCommand();

        await connection.SendAsync(Hex.Bytes("00A4000C023F00"));

        Assert.Null(await connection.ReceiveAsync());
        await Eventually.True(() => !_client.IsInserted, "the card counts as removed");
    }

    [Fact]
    public async Task A_card_removed_by_the_fault_can_be_inserted_again()
    {
        using (var connection = await InsertAsync())
        {
            _card.Faults.RemoveDuringNextCommand();
            await connection.SendAsync(Hex.Bytes("00A4000C023F00"));
            Assert.Null(await connection.ReceiveAsync());
        }

        await Eventually.True(() => !_client.IsInserted, "the card counts as removed");
        using var again = await InsertAsync();

        Assert.Equal("9000", Hex.Of(await again.ExchangeAsync(Hex.Bytes("00A4000C023F00"))));
    }

    [Fact]
    public async Task With_KeepInserted_a_dropped_connection_is_made_again()
    {
        await using var client = new VpcdCardClient(_card, new VpcdCardClientOptions { Port = _vpcd.Port, KeepInserted = true });
        using (await InsertAsync(client))
        {
        }

        using var second = await _vpcd.AcceptAsync();
        await second.SendControlAsync(VpcdControl.GetAtr);

        Assert.Equal(_card.Atr, await second.ReceiveAsync());
        Assert.Equal(2, client.ConnectionCount);
        Assert.True(client.IsInserted);
    }

    [Fact]
    public async Task With_KeepInserted_the_card_waits_for_a_daemon_that_is_not_listening_yet()
    {
        int port = FakeVpcd.FreePort();
        await using var client = new VpcdCardClient(_card, new VpcdCardClientOptions { Port = port, KeepInserted = true });

        var insert = client.InsertAsync();
        Assert.False(insert.IsCompleted);
        using var vpcd = new FakeVpcd(port);
        using var connection = await vpcd.AcceptAsync();

        await insert.WaitAsync(Eventually.DefaultDeadline);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Without_KeepInserted_a_dropped_connection_removes_the_card()
    {
        using (await InsertAsync())
        {
        }

        await Eventually.True(() => !_client.IsInserted, "the card counts as removed");
        Assert.Equal(1, _client.ConnectionCount);
    }

    [Fact]
    public async Task Without_KeepInserted_inserting_into_a_closed_port_fails_and_leaves_the_card_removed()
    {
        await using var client = new VpcdCardClient(_card, new VpcdCardClientOptions { Port = FakeVpcd.FreePort() });

        await Assert.ThrowsAsync<SocketException>(() => client.InsertAsync());

        Assert.False(client.IsInserted);
    }

    [Fact]
    public async Task Remove_closes_the_connection_even_during_a_long_command()
    {
        using var connection = await InsertAsync();
        _card.Faults.SetLongCommand(0xB0, TimeSpan.FromHours(1));
        await connection.SendAsync(Hex.Bytes("00B0000001"));

        await _client.RemoveAsync().WaitAsync(Eventually.DefaultDeadline);

        Assert.Null(await connection.ReceiveAsync());
        Assert.False(_client.IsInserted);
    }

    [Fact]
    public async Task A_removed_card_can_be_inserted_again()
    {
        using (await InsertAsync())
        {
            await _client.RemoveAsync();
        }

        using var again = await InsertAsync();
        await again.SendControlAsync(VpcdControl.GetAtr);

        Assert.Equal(_card.Atr, await again.ReceiveAsync());
        Assert.Equal(2, _client.ConnectionCount);
    }

    [Fact]
    public async Task Inserting_twice_is_refused()
    {
        using var connection = await InsertAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _client.InsertAsync());
    }

    [Fact]
    public async Task Socket_tuning_sets_no_delay_and_arms_quick_ack_without_throwing()
    {
        using var vpcd = new FakeVpcd();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = vpcd.AcceptAsync();
        await socket.ConnectAsync("127.0.0.1", vpcd.Port);
        using var server = await accept;

        VpcdSocket.Tune(socket);
        VpcdSocket.ArmQuickAck(socket);

        Assert.True(socket.NoDelay);
    }

    [Fact]
    public void Options_with_an_invalid_port_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VpcdCardClient(_card, new VpcdCardClientOptions { Port = 0 }));
    }
}
