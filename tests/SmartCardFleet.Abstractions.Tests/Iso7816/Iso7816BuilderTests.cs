using SmartCardFleet.Abstractions.Apdu;
using SmartCardFleet.Abstractions.Iso7816;

namespace SmartCardFleet.Abstractions.Tests.Iso7816;

public class Iso7816BuilderTests
{
    private static readonly Iso7816Builder Iso = new();

    private static string H(CommandApdu apdu) => Hex.Format(apdu.ToBytes(), ' ');

    public static TheoryData<string, string> Commands => new()
    {
        // SELECT (A4): P1 = method, P2 = response | occurrence, Le 00 unless no response data.
        { H(Iso.SelectMasterFile()), "00 A4 00 00 00" },
        { H(Iso.SelectFile(0x2F00)), "00 A4 00 00 02 2F 00 00" },
        { H(Iso.SelectFile(0x3F00, SelectResponse.None)), "00 A4 00 0C 02 3F 00" },
        { H(Iso.SelectChildDf(0xDF01, SelectResponse.Fcp)), "00 A4 01 04 02 DF 01 00" },
        { H(Iso.SelectChildEf(0x5015, SelectResponse.Fmd)), "00 A4 02 08 02 50 15 00" },
        { H(Iso.SelectParent(SelectResponse.None)), "00 A4 03 0C" },
        { H(Iso.SelectByName(Hex.Parse("A000000308000010"))), "00 A4 04 00 08 A0 00 00 03 08 00 00 10 00" },
        { H(Iso.SelectByName(Hex.Parse("A000000308"), SelectOccurrence.Next, SelectResponse.None)), "00 A4 04 0E 05 A0 00 00 03 08" },
        { H(Iso.SelectByPathFromMf(Hex.Parse("5015 4401"))), "00 A4 08 00 04 50 15 44 01 00" },
        { H(Iso.SelectByPathFromCurrentDf(Hex.Parse("4401"), SelectResponse.Fcp)), "00 A4 09 04 02 44 01 00" },

        // Binary: P1-P2 = 15-bit offset, or P1 = 80 | SFI and P2 = offset.
        { H(Iso.ReadBinary(0)), "00 B0 00 00 00" },
        { H(Iso.ReadBinary(0x7FFF, 16)), "00 B0 7F FF 10" },
        { H(Iso.ReadBinary(0x0102, 1000)), "00 B0 01 02 00 03 E8" },
        { H(Iso.ReadBinary(new ShortFileId(30), 0xFF, 4)), "00 B0 9E FF 04" },
        { H(Iso.UpdateBinary(0x10, [0xAA, 0xBB])), "00 D6 00 10 02 AA BB" },
        { H(Iso.UpdateBinary(new ShortFileId(1), 2, [0xAA])), "00 D6 81 02 01 AA" },
        { H(Iso.WriteBinary(0x0100, [0x01])), "00 D0 01 00 01 01" },
        { H(Iso.WriteBinary(new ShortFileId(2), 0, [0x01])), "00 D0 82 00 01 01" },
        { H(Iso.EraseBinary(0x20)), "00 0E 00 20" },
        { H(Iso.EraseBinary(new ShortFileId(3), 8)), "00 0E 83 08" },

        // Records: P1 = record number (00 current), P2 = SFI << 3 | 100 (by number) or 000 (append).
        { H(Iso.ReadRecord(1)), "00 B2 01 04 00" },
        { H(Iso.ReadRecord(2, new ShortFileId(1), 0x1D)), "00 B2 02 0C 1D" },
        { H(Iso.ReadCurrentRecord()), "00 B2 00 04 00" },
        { H(Iso.ReadCurrentRecord(new ShortFileId(30))), "00 B2 00 F4 00" },
        { H(Iso.WriteRecord(3, [0x01, 0x02])), "00 D2 03 04 02 01 02" },
        { H(Iso.UpdateRecord(1, [0x09], new ShortFileId(2))), "00 DC 01 14 01 09" },
        { H(Iso.AppendRecord([0x09])), "00 E2 00 00 01 09" },
        { H(Iso.AppendRecord([0x09], new ShortFileId(4))), "00 E2 00 20 01 09" },

        // Data objects: P1-P2 = tag.
        { H(Iso.GetData(0x5F50)), "00 CA 5F 50 00" },
        { H(Iso.GetData(0x006E, 64)), "00 CA 00 6E 40" },
        { H(Iso.PutData(0x005B, [0x41, 0x42])), "00 DA 00 5B 02 41 42" },

        // Security.
        { H(Iso.VerifyStatus(0x81)), "00 20 00 81" },
        { H(Iso.ResetVerificationStatus(0x81)), "00 20 FF 81" },
        { H(Iso.GetChallenge()), "00 84 00 00 08" },
        { H(Iso.GetChallenge(256)), "00 84 00 00 00" },
        { H(Iso.InternalAuthenticate(0x00, 0x00, [0x01, 0x02, 0x03, 0x04])), "00 88 00 00 04 01 02 03 04 00" },
        { H(Iso.ExternalAuthenticate(0x00, 0x81, [0xAA, 0xBB])), "00 82 00 81 02 AA BB" },
        { H(Iso.ExternalAuthenticate(0x00, 0x81, [])), "00 82 00 81" },

        // Channels and GET RESPONSE.
        { H(Iso.OpenChannel()), "00 70 00 00 01" },
        { H(Iso.OpenChannel(2)), "00 70 00 02" },
        { H(Iso.CloseChannel(19)), "00 70 80 13" },
        { H(Iso.GetResponse(0x10)), "00 C0 00 00 10" },
        { H(Iso.GetResponse()), "00 C0 00 00 00" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Each_builder_produces_the_ISO_7816_4_layout(string actual, string expected)
    {
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void When_a_PIN_is_verified_the_body_is_the_secret_bytes_and_P2_the_reference()
    {
        using var pin = Secret.FromUtf8("123456");

        var apdu = Iso.Verify(0x81, pin);

        Assert.Equal("00 20 00 81 06 31 32 33 34 35 36", H(apdu));
    }

    [Fact]
    public void When_the_current_PIN_is_given_change_reference_data_uses_P1_00_and_concatenates()
    {
        using var current = Secret.FromUtf8("1234");
        using var next = Secret.FromUtf8("5678");

        Assert.Equal("00 24 00 80 08 31 32 33 34 35 36 37 38", H(Iso.ChangeReferenceData(0x80, current, next)));
        Assert.Equal("00 24 01 80 04 35 36 37 38", H(Iso.ChangeReferenceData(0x80, null, next)));
    }

    [Fact]
    public void When_resetting_a_retry_counter_P1_reflects_which_parts_are_present()
    {
        using var puk = Secret.FromUtf8("12");
        using var pin = Secret.FromUtf8("34");

        Assert.Equal("00 2C 00 81 04 31 32 33 34", H(Iso.ResetRetryCounter(0x81, puk, pin)));
        Assert.Equal("00 2C 01 81 02 31 32", H(Iso.ResetRetryCounter(0x81, puk, null)));
        Assert.Equal("00 2C 02 81 02 33 34", H(Iso.ResetRetryCounter(0x81, null, pin)));
        Assert.Equal("00 2C 03 81", H(Iso.ResetRetryCounter(0x81, null, null)));
    }

    [Fact]
    public void When_the_builder_has_a_class_byte_every_command_uses_it()
    {
        var proprietary = new Iso7816Builder(0x80);

        Assert.Equal(0x80, proprietary.GetData(0x5F50).Cla);
        Assert.Equal(0x80, proprietary.SelectMasterFile().Cla);
        Assert.Equal(0x80, proprietary.Cla);
    }

    [Fact]
    public void When_an_offset_exceeds_0x7FFF_the_error_names_the_limit()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Iso.ReadBinary(0x8000));

        Assert.Contains("0x7FFF", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public void When_a_short_file_id_is_outside_1_to_30_it_is_rejected(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShortFileId(value));
    }

    [Fact]
    public void When_a_default_short_file_id_is_used_the_builder_rejects_it()
    {
        Assert.Throws<ArgumentException>(() => Iso.ReadBinary(default(ShortFileId)));
    }

    [Fact]
    public void When_arguments_are_out_of_range_each_builder_says_which()
    {
        Assert.Throws<ArgumentException>(() => Iso.SelectByName([]));
        Assert.Throws<ArgumentException>(() => Iso.SelectByName(new byte[17]));
        Assert.Throws<ArgumentException>(() => Iso.SelectByPathFromMf([0x50]));
        Assert.Throws<ArgumentException>(() => Iso.UpdateBinary(0, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => Iso.ReadRecord(0xFF));
        Assert.Throws<ArgumentOutOfRangeException>(() => Iso.CloseChannel(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Iso.OpenChannel(20));
        Assert.Throws<ArgumentOutOfRangeException>(() => Iso.GetResponse(0));
    }
}
