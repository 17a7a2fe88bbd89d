using System.Globalization;

namespace SmartCardFleet.Benchmarks.Support;

/// <summary>Number formatting for the report (invariant culture, fixed precision per unit).</summary>
public static class Format
{
    public static string Micros(double value) => double.IsNaN(value) ? "–" : value.ToString("0.0", CultureInfo.InvariantCulture) + " µs";

    public static string Millis(double value) => double.IsNaN(value) ? "–" : value.ToString("0.00", CultureInfo.InvariantCulture) + " ms";

    public static string Ratio(double value) => double.IsNaN(value) ? "–" : value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Number(double value, string format = "#,0") =>
        double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);

    public static string Bytes(double value) => double.IsNaN(value) ? "–" : Math.Abs(value) switch
    {
        >= 1 << 30 => (value / (1 << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
        >= 1 << 20 => (value / (1 << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1 << 10 => (value / (1 << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => value.ToString("0", CultureInfo.InvariantCulture) + " B",
    };

    /// <summary>Status of a figure measured on the simulated PC/SC: its raw call is an in-process function call, so
    /// the ratios are not the (real fleet) ratios and are not judged against its targets.</summary>
    public const string Simulated = "n/a (simulated)";

    public static string Met(bool met) => met ? "met" : "**not met**";

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
