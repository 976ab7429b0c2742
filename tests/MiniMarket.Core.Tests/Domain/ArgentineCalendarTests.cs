using System.Globalization;
using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class ArgentineCalendarTests
{
    private static DateOnly D(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2038, "2038-04-25")]
    [InlineData(2285, "2285-03-22")]
    public void Easter_KnownYears_MatchesTheChurchCalendar(int year, string expected)
    {
        Assert.Equal(D(expected), ArgentineCalendar.Easter(year));
    }

    [Theory]
    [InlineData("2026-02-16", "Carnaval")]
    [InlineData("2026-02-17", "Carnaval")]
    [InlineData("2026-04-03", "Viernes Santo")]
    [InlineData("2025-03-03", "Carnaval")]
    [InlineData("2025-03-04", "Carnaval")]
    [InlineData("2025-04-18", "Viernes Santo")]
    public void Holidays_FromEaster_CarnivalAndGoodFriday(string date, string name)
    {
        var day = D(date);

        Assert.Contains(ArgentineCalendar.Holidays(day.Year), h => h.Date == day && h.Name == name);
        Assert.True(ArgentineCalendar.IsHoliday(day));
    }

    [Theory]
    [InlineData("2026-01-01")]
    [InlineData("2026-03-24")]
    [InlineData("2026-04-02")]
    [InlineData("2026-05-01")]
    [InlineData("2026-05-25")]
    [InlineData("2026-06-20")]
    [InlineData("2026-07-09")]
    [InlineData("2026-12-08")]
    [InlineData("2026-12-25")]
    public void IsHoliday_FixedHolidays_True(string date)
    {
        Assert.True(ArgentineCalendar.IsHoliday(D(date)));
    }

    // Observed dates as published in the official calendars of those years.
    [Theory]
    [InlineData("2020-06-17", "2020-06-15")] // Wednesday -> Monday before
    [InlineData("2021-06-17", "2021-06-21")] // Thursday -> Monday after
    [InlineData("2022-08-17", "2022-08-15")] // Wednesday -> Monday before
    [InlineData("2022-10-12", "2022-10-10")] // Wednesday -> Monday before
    [InlineData("2022-06-17", "2022-06-17")] // Friday, but Monday 20/6 is Belgrano: stays
    [InlineData("2022-11-20", "2022-11-20")] // Sunday: stays
    [InlineData("2023-08-17", "2023-08-21")] // Thursday -> Monday after
    [InlineData("2023-10-12", "2023-10-16")] // Thursday -> Monday after
    [InlineData("2024-06-17", "2024-06-17")] // Monday: stays
    [InlineData("2024-11-20", "2024-11-18")] // Wednesday -> Monday before
    [InlineData("2025-06-17", "2025-06-16")] // Tuesday -> Monday before
    [InlineData("2025-11-20", "2025-11-24")] // Thursday -> Monday after
    [InlineData("2026-06-17", "2026-06-15")] // Wednesday -> Monday before
    [InlineData("2026-11-20", "2026-11-23")] // Friday -> Monday after
    public void Holidays_MovableHoliday_ObservedOnTheLawsMonday(string nominal, string observed)
    {
        var holiday = Assert.Single(ArgentineCalendar.Holidays(D(nominal).Year), h => h.NominalDate == D(nominal));

        Assert.Equal(D(observed), holiday.Date);
        Assert.True(ArgentineCalendar.IsHoliday(D(observed)));
        Assert.Equal(D(observed) != D(nominal), holiday.IsMoved);
        if (holiday.IsMoved)
        {
            Assert.False(ArgentineCalendar.IsHoliday(D(nominal)));
        }
    }

    [Fact]
    public void Holidays_2026_SixteenDistinctDatesInOrder()
    {
        var holidays = ArgentineCalendar.Holidays(2026);

        Assert.Equal(16, holidays.Count);
        Assert.Equal(holidays.OrderBy(h => h.Date), holidays);
        Assert.Equal(holidays.Count, holidays.Select(h => h.Date).Distinct().Count());
    }

    [Fact]
    public void Holidays_GoodFridayOnMalvinasDay_ListedOnce()
    {
        // Easter 2021 was 4 April, so Good Friday fell on 2 April.
        var holidays = ArgentineCalendar.Holidays(2021);

        Assert.Single(holidays, h => h.Date == D("2021-04-02"));
        Assert.Equal(15, holidays.Count);
    }

    [Theory]
    [InlineData("2026-02-18")]
    [InlineData("2026-06-17")]
    [InlineData("2026-11-20")]
    [InlineData("2026-12-24")]
    [InlineData("2026-04-05")]
    public void IsHoliday_OrdinaryDays_False(string date)
    {
        Assert.False(ArgentineCalendar.IsHoliday(D(date)));
    }

    [Fact]
    public void IsHoliday_OutsideTheCoveredYears_False()
    {
        Assert.False(ArgentineCalendar.IsHoliday(new DateOnly(2010, 1, 1)));
        Assert.Throws<DomainException>(() => ArgentineCalendar.Holidays(2010));
    }

    [Theory]
    [InlineData(6, true)]
    [InlineData(12, true)]
    [InlineData(1, false)]
    [InlineData(7, false)]
    [InlineData(11, false)]
    public void IsAguinaldoMonth_JuneAndDecember(int month, bool expected)
    {
        Assert.Equal(expected, ArgentineCalendar.IsAguinaldoMonth(month));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public void IsAguinaldoMonth_NotAMonth_Throws(int month)
    {
        var ex = Assert.Throws<DomainException>(() => ArgentineCalendar.IsAguinaldoMonth(month));

        Assert.Equal("month", ex.Field);
    }
}
