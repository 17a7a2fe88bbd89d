using System.Text;
using SmartCardFleet.VirtualCards.Cards.FileSystem;

namespace SmartCardFleet.VirtualCards.Tests.Cards;

public class Iso7816FileSystemCardTests
{
    private readonly Iso7816FileSystemCard _card = DefaultPersonalisation.Create();

    private string Send(string apdu) => Hex.Of(_card.Process(Hex.Bytes(apdu)));

    private static string Ascii(string text) => Convert.ToHexString(Encoding.ASCII.GetBytes(text));

    [Fact]
    public void Select_without_Le_announces_the_FCI_with_61xx_and_GET_RESPONSE_returns_it()
    {
        var announce = Send("00A4000002 3F00");
        Assert.StartsWith("61", announce, StringComparison.Ordinal);

        var fci = Send("00C00000" + announce[2..]);

        Assert.StartsWith("6F", fci, StringComparison.Ordinal);
        Assert.Contains("83023F00", fci, StringComparison.Ordinal);
        Assert.EndsWith("9000", fci, StringComparison.Ordinal);
    }

    [Fact]
    public void GET_RESPONSE_with_a_short_Le_leaves_the_rest_behind_61xx()
    {
        var announce = Send("00A4000402 3F00");
        int total = Convert.ToInt32(announce[2..], 16);

        var first = Send("00C0000004");

        Assert.Equal(4 * 2 + 4, first.Length);
        Assert.EndsWith("61" + (total - 4).ToString("X2", null), first, StringComparison.Ordinal);
    }

    [Fact]
    public void GET_RESPONSE_with_nothing_waiting_answers_6985()
    {
        Assert.Equal("6985", Send("00C0000010"));
    }

    [Fact]
    public void Select_by_DF_name_with_Le_returns_the_FCP_with_the_name()
    {
        var fcp = Send("00A4040408 F0534346 4C454554 00");

        Assert.StartsWith("62", fcp, StringComparison.Ordinal);
        Assert.Contains("8408F05343464C454554", fcp, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_by_truncated_DF_name_finds_the_application()
    {
        Assert.Equal("9000", Send("00A4040C04 F0534346"));
    }

    [Fact]
    public void Read_binary_of_a_selected_EF_returns_its_content_and_survives_reset_after_update()
    {
        Assert.Equal("9000", Send("00A4000C02 5000"));
        Assert.Equal("9000", Send("00A4020C02 5001"));
        Assert.Equal(Ascii("Hello") + "9000", Send("00B0000005"));

        Assert.Equal("9000", Send("00D6000005 " + Ascii("HELLO")));
        _card.Reset();

        Assert.Equal("6986", Send("00B0000005"));
        Assert.Equal("9000", Send("00A4080C02 5000"));
        Assert.Equal(Ascii("HELLO") + "9000", Send("00B0810005"));
    }

    [Fact]
    public void Read_binary_by_short_EF_id_needs_no_select_of_the_EF()
    {
        Send("00A4000C02 5000");

        Assert.Equal(Ascii("Hello") + "9000", Send("00B0810005"));
    }

    [Fact]
    public void Read_binary_past_the_end_returns_what_is_there_with_6282_and_offset_past_size_6B00()
    {
        Send("00A4080C04 50005002");

        Assert.Equal("6982", Send("00B0000005"));
        Send("00200001 04 31323334");
        Assert.Equal(Ascii("secret file") + "6282", Send("00B0000420"));
        Assert.Equal("6B00", Send("00B0004001"));
    }

    [Fact]
    public void Read_record_by_path_selected_EF_returns_the_padded_record_and_wrong_Le_gets_6C10()
    {
        Assert.Equal("9000", Send("00A4080C04 50005003"));

        Assert.Equal(Ascii("record 2") + "FFFFFFFFFFFFFFFF9000", Send("00B2020400"));
        Assert.Equal("6C10", Send("00B2020408"));
        Assert.Equal("6A83", Send("00B2040400"));
    }

    [Fact]
    public void Read_record_by_short_EF_id_and_on_a_transparent_EF_is_refused_with_6981()
    {
        Send("00A4000C02 5000");

        Assert.Equal(Ascii("record 1") + "FFFFFFFFFFFFFFFF9000", Send("00B2011C00"));
        Assert.Equal("6981", Send("00B2010C00"));
    }

    [Fact]
    public void Verify_counts_down_reports_63Cx_blocks_with_6983_and_keeps_the_counter_across_reset()
    {
        Assert.Equal("63C3", Send("00200001"));
        Assert.Equal("63C2", Send("00200001 04 30303030"));
        _card.Reset();
        Assert.Equal("63C2", Send("00200001"));
        Assert.Equal("63C1", Send("00200001 04 30303030"));
        Assert.Equal("6983", Send("00200001 04 30303030"));
        Assert.Equal("6983", Send("00200001 04 31323334"));
        Assert.Equal(0, _card.PinTriesLeft(DefaultPersonalisation.PinReference));
    }

    [Fact]
    public void A_verified_PIN_opens_the_protected_EF_until_reset()
    {
        Send("00A4080C04 50005002");
        Assert.Equal("6982", Send("00B0000000"));

        Assert.Equal("9000", Send("00200001 04 31323334"));
        Assert.Equal("9000", Send("00200001"));
        Assert.Equal(Ascii(DefaultPersonalisation.SecretText) + "9000", Send("00B0000000"));

        _card.Reset();
        Send("00A4080C04 50005002");
        Assert.Equal("6982", Send("00B0000000"));
    }

    [Fact]
    public void Verify_with_P1_FF_drops_the_verified_status()
    {
        Send("00200001 04 31323334");

        Assert.Equal("9000", Send("00 20 FF 01"));
        Assert.Equal("63C3", Send("00200001"));
    }

    [Fact]
    public void Get_data_of_a_fixed_length_object_needs_the_exact_Le_or_00()
    {
        var cplc = Send("00CA9F7F00");
        Assert.Equal(42 * 2 + 4, cplc.Length);
        Assert.Equal("6C2A", Send("00CA9F7F10"));
        Assert.Equal("6C2A", Send("00CA9F7F"));
        Assert.Equal("6A88", Send("00CA123400"));
    }

    [Fact]
    public void Get_challenge_returns_8_random_bytes_and_6C08_for_another_Le()
    {
        Assert.Equal(8 * 2 + 4, Send("0084000008").Length);
        Assert.Equal("6C08", Send("0084000004"));
    }

    [Fact]
    public void Select_parent_goes_back_to_the_MF()
    {
        Send("00A4000C02 5000");

        Assert.Equal("9000", Send("00A4030C"));
        Assert.Equal("6A82", Send("00A4030C"));
        Assert.Equal("9000", Send("00A4020C02 2F01"));
    }

    [Theory]
    [InlineData("00A4000C02 1234", "6A82")]
    [InlineData("00A4000C03 123456", "6700")]
    [InlineData("00A4050C02 1234", "6A86")]
    [InlineData("00B0000010", "6986")]
    [InlineData("00FF000000", "6D00")]
    [InlineData("80A4000C02 3F00", "6E00")]
    [InlineData("00A400", "6700")]
    public void Bad_commands_get_a_status_word(string apdu, string expected)
    {
        Assert.Equal(expected, Send(apdu));
    }

    [Fact]
    public void Builder_makes_a_custom_tree_with_record_file_and_data_object()
    {
        var card = new FileSystemCardBuilder()
            .WithDataObject(0x0042, [0x01, 0x02])
            .WithFiles(mf => mf.Add(new TransparentFile(0x1000, [0xAA, 0xBB])))
            .Build();

        Assert.Equal("9000", Hex.Of(card.Process(Hex.Bytes("00A4000C02 1000"))));
        Assert.Equal("AABB9000", Hex.Of(card.Process(Hex.Bytes("00B0000000"))));
        Assert.Equal("01029000", Hex.Of(card.Process(Hex.Bytes("00CA004202"))));
    }

    [Fact]
    public void Extended_read_binary_returns_the_whole_file()
    {
        Send("00A4080C04 50005001");

        Assert.Equal(64 * 2 + 4, Send("00B00000000000").Length);
    }
}
