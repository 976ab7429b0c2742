using System.Globalization;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Tests;

public class PromQlTests
{
    [Theory]
    [InlineData("deposito", "deposito")]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData(@"c:\x", @"c:\\x")]
    [InlineData("line\nbreak", @"line\nbreak")]
    [InlineData("\\\"", "\\\\\\\"")]
    public void EscapeLabelValue_SpecialCharacters_AreEscaped(string value, string expected) =>
        Assert.Equal(expected, PromQl.EscapeLabelValue(value));

    [Fact]
    public void LabelMatcher_UserInput_CannotBreakOutOfTheQuotes() =>
        Assert.Equal("service=\"x\\\"} or vector(1) #\"", PromQl.LabelMatcher("service", "x\"} or vector(1) #"));

    [Theory]
    [InlineData(3600, 15, 250, 15)]        // 1 h: 14.4 s per point, but never finer than the scrape interval
    [InlineData(21600, 15, 250, 87)]       // 6 h: 86.4 s rounded up
    [InlineData(2592000, 15, 250, 10368)]  // 30 d
    [InlineData(60, 5, 250, 5)]
    [InlineData(31536000, 1, 20000, 2868)] // a year asked with too many points is held under the 11,000 limit
    public void Step_Range_StaysUnderPointLimitAndAboveScrapeInterval(int rangeSeconds, int scrapeSeconds, int points, int expectedSeconds)
    {
        var step = PromQl.Step(TimeSpan.FromSeconds(rangeSeconds), TimeSpan.FromSeconds(scrapeSeconds), points);

        Assert.Equal(expectedSeconds, step.TotalSeconds);
        Assert.True(rangeSeconds / step.TotalSeconds <= PromQl.MaxPointsPerSeries);
    }

    [Fact]
    public void Step_ZeroRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PromQl.Step(TimeSpan.Zero, TimeSpan.FromSeconds(15)));

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("1e-07", 1e-07)]
    [InlineData("-3", -3.0)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    public void ParseValue_PrometheusStrings_ParseWithInvariantCulture(string text, double expected)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("es-AR"); // decimal comma: must not matter
        try
        {
            Assert.Equal(expected, PromQl.ParseValue(text));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void ParseValue_NaN_IsNaN() => Assert.True(double.IsNaN(PromQl.ParseValue("NaN")));

    [Fact]
    public void ParseValue_Garbage_Throws() => Assert.Throws<FormatException>(() => PromQl.ParseValue("uno"));
}
