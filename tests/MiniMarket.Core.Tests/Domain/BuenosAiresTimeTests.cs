using Microsoft.Extensions.Time.Testing;
using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class BuenosAiresTimeTests
{
    [Fact]
    public void Zone_IsBuenosAiresAtMinusThree()
    {
        var offset = BuenosAiresTime.Zone.GetUtcOffset(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(TimeSpan.FromHours(-3), offset);
        Assert.Contains("Buenos_Aires", BuenosAiresTime.Zone.Id, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Zone_NoDaylightSavingInAnyMonth(int month)
    {
        Assert.Equal(TimeSpan.FromHours(-3),
            BuenosAiresTime.Zone.GetUtcOffset(new DateTimeOffset(2025, month, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void ToLocal_UtcInstant_SameInstantMinusThree()
    {
        var utc = new DateTimeOffset(2026, 3, 1, 2, 30, 0, TimeSpan.Zero);

        var local = BuenosAiresTime.ToLocal(utc);

        Assert.Equal(utc, local);
        Assert.Equal(new DateTime(2026, 2, 28, 23, 30, 0), local.DateTime);
    }

    [Theory]
    [InlineData(2, "2025-12-31")]
    [InlineData(3, "2026-01-01")]
    [InlineData(15, "2026-01-01")]
    public void Today_AroundMidnightUtc_UsesBuenosAiresDate(int utcHour, string expected)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, utcHour, 0, 0, TimeSpan.Zero));

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), BuenosAiresTime.Today(clock));
    }

    [Fact]
    public void Formats_DateAndDateTime_InBuenosAires()
    {
        var instant = new DateTimeOffset(2026, 1, 1, 0, 5, 0, TimeSpan.Zero);

        Assert.Equal("31/12/2025", BuenosAiresTime.FormatDate(instant));
        Assert.Equal("31/12/2025 21:05", BuenosAiresTime.FormatDateTime(instant));
        Assert.Equal("09/07/2026", BuenosAiresTime.FormatDate(new DateOnly(2026, 7, 9)));
    }

    [Fact]
    public void Now_FromClock_HasBuenosAiresOffset()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 25, 15, 0, 0, TimeSpan.Zero));

        Assert.Equal(TimeSpan.FromHours(-3), BuenosAiresTime.Now(clock).Offset);
        Assert.Equal(12, BuenosAiresTime.Now(clock).Hour);
    }

    [Theory]
    [InlineData("09/07/2026", 2026, 7, 9)]
    [InlineData(" 31/12/2025 ", 2025, 12, 31)]
    [InlineData("29/02/2024", 2024, 2, 29)]
    public void ParseDate_DayMonthYear_Parsed(string text, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), BuenosAiresTime.ParseDate(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-07-09")]
    [InlineData("7/9/2026")]
    [InlineData("31/02/2026")]
    [InlineData("29/02/2025")]
    [InlineData("13/13/2026")]
    [InlineData("09-07-2026")]
    public void ParseDate_OtherFormats_Rejected(string? text)
    {
        Assert.False(BuenosAiresTime.TryParseDate(text, out _));
        Assert.Equal("issueDate", Assert.Throws<DomainException>(() => BuenosAiresTime.ParseDate(text, "issueDate")).Field);
    }
}
