using SmartCardFleet.Core.Configuration;
using SmartCardFleet.Core.Fleet;

namespace SmartCardFleet.Core.Tests.Configuration;

public sealed class ReaderIdTests
{
    [Theory]
    [InlineData("Virtual PCD 3 00 01", "virtual-pcd-3-00-01")]
    [InlineData("ACS ACR122U PICC Interface [Vendor] (1234) 01 00", "acs-acr122u-picc-interface-vendor-1234-01-00")]
    [InlineData("  Card--Reader  ", "card-reader")]
    public void A_reader_name_becomes_a_lower_case_dash_slug(string name, string expected) =>
        Assert.Equal(expected, ReaderId.FromReaderName(name).Value);

    [Fact]
    public void Colliding_slugs_are_told_apart_by_a_stable_hash_of_the_exact_name()
    {
        var first = ReaderId.FromReaderName("A B", disambiguate: true);
        var second = ReaderId.FromReaderName("A-B", disambiguate: true);

        Assert.NotEqual(first, second);
        Assert.StartsWith("a-b-", first.Value, StringComparison.Ordinal);
        Assert.Equal(first, ReaderId.FromReaderName("A B", disambiguate: true));
    }

    [Fact]
    public void Non_ASCII_letters_are_dropped_and_a_hash_keeps_such_names_apart()
    {
        var uber = ReaderId.FromReaderName("Über Leser").Value;
        var ober = ReaderId.FromReaderName("Öber Leser").Value;

        Assert.Matches("^ber-leser-[0-9a-f]{8}$", uber);
        Assert.NotEqual(uber, ober);
    }

    [Fact]
    public void A_name_without_letters_or_digits_still_gets_a_valid_id() =>
        Assert.Matches("^reader-[0-9a-f]{8}$", ReaderId.FromReaderName("[]").Value);

    [Theory]
    [InlineData("Upper")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    [InlineData("double--dash")]
    [InlineData("space here")]
    public void Text_that_is_not_a_slug_is_refused(string value) =>
        Assert.Throws<ArgumentException>(() => new ReaderId(value));
}

public sealed class BackoffSettingsTests
{
    private static readonly BackoffSettings Backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, -1);

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(1, 2000)]
    [InlineData(4, 16000)]
    [InlineData(5, 30000)]
    [InlineData(40, 30000)]
    public void The_delay_doubles_per_attempt_up_to_the_cap(int attempt, double expectedMilliseconds) =>
        Assert.Equal(expectedMilliseconds, Backoff.DelayFor(attempt, random: 0).TotalMilliseconds);

    [Fact]
    public void Jitter_adds_at_most_the_random_factor() =>
        Assert.Equal(1200, Backoff.DelayFor(0, random: 1).TotalMilliseconds, precision: 6);

    [Fact]
    public void A_zero_random_factor_is_refused_so_restarts_spread_out() =>
        Assert.Throws<ArgumentException>(() => (Backoff with { RandomFactor = 0 }).Validate("test"));
}

public sealed class ReaderNameFilterTests
{
    [Fact]
    public void Include_then_exclude_patterns_decide_case_insensitively()
    {
        var filter = new ReaderNameFilter(["virtual pcd*", "ACS*"], ["*sam*"]);

        Assert.True(filter.Accepts("Virtual PCD 00 00"));
        Assert.True(filter.Accepts("ACS ACR122U 00 00"));
        Assert.False(filter.Accepts("ACS SAM slot 00 01"));
        Assert.False(filter.Accepts("Yubico YubiKey 00 00"));
    }

    [Fact]
    public void Without_include_patterns_every_reader_not_excluded_is_accepted() =>
        Assert.True(new ReaderNameFilter([], ["*SAM*"]).Accepts("Anything 00 00"));
}
