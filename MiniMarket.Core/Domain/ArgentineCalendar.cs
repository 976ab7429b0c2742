namespace MiniMarket.Core.Domain;

/// <summary>A national holiday (feriado nacional) on the day it is observed.</summary>
/// <param name="Date">The day the holiday is observed (after moving, for the movable ones).</param>
/// <param name="Name">Its name in Spanish, as the official calendar writes it.</param>
/// <param name="NominalDate">The date the law names; differs from <paramref name="Date"/> only for a moved holiday.</param>
public sealed record ArgentineHoliday(DateOnly Date, string Name, DateOnly NominalDate)
{
    public bool IsMoved => Date != NominalDate;
}

/// <summary>
/// Argentine national holidays (Ley 27.399) and the aguinaldo months, for demand forecasts and anything else that cares
/// whether a day is a feriado:
/// <list type="bullet">
/// <item>fixed (inamovibles): 1/1, 24/3, 2/4, 1/5, 25/5, 20/6, 9/7, 8/12, 25/12;</item>
/// <item>from Easter (anonymous Gregorian algorithm): Carnival Monday and Tuesday (Easter − 48 and − 47 days) and Good
/// Friday (Easter − 2);</item>
/// <item>movable (trasladables: 17/6 Güemes, 17/8 San Martín, 12/10 Diversidad Cultural, 20/11 Soberanía Nacional), under
/// art. 6 of the law: on a Tuesday or Wednesday they move to the Monday before, on a Thursday or Friday to the Monday after,
/// and on a Saturday, Sunday or Monday they stay; one that would land on a fixed holiday stays on its own day (2022: Güemes
/// on Friday 17/6, because Monday 20/6 was Belgrano).</item>
/// </list>
/// Not included: the "días no laborables" (Holy Thursday) and the bridge days (feriados con fines turísticos) that the
/// executive decrees year by year, nor the rare decree that moves a holiday against the rule: they are not predictable
/// from the law, and a forecast feature that is right on every other day is worth more than none.
/// </summary>
public static class ArgentineCalendar
{
    private static readonly (int Month, int Day, string Name)[] Fixed =
    [
        (1, 1, "Año Nuevo"),
        (3, 24, "Día Nacional de la Memoria por la Verdad y la Justicia"),
        (4, 2, "Día del Veterano y de los Caídos en la Guerra de Malvinas"),
        (5, 1, "Día del Trabajador"),
        (5, 25, "Día de la Revolución de Mayo"),
        (6, 20, "Paso a la Inmortalidad del General Manuel Belgrano"),
        (7, 9, "Día de la Independencia"),
        (12, 8, "Inmaculada Concepción de María"),
        (12, 25, "Navidad"),
    ];

    private static readonly (int Month, int Day, string Name)[] Movable =
    [
        (6, 17, "Paso a la Inmortalidad del General Martín Miguel de Güemes"),
        (8, 17, "Paso a la Inmortalidad del General José de San Martín"),
        (10, 12, "Día del Respeto a la Diversidad Cultural"),
        (11, 20, "Día de la Soberanía Nacional"),
    ];

    /// <summary>Ley 27.399 took effect in 2018; earlier years followed other rules and are refused rather than guessed.</summary>
    public const int FirstYear = 2018;

    public const int LastYear = 2199;

    /// <summary>The year's national holidays in date order (a date appears once even if two holidays fall on it).</summary>
    public static IReadOnlyList<ArgentineHoliday> Holidays(int year)
    {
        if (year is < FirstYear or > LastYear)
        {
            throw new DomainException("year", $"El calendario de feriados cubre los años {FirstYear} a {LastYear} (se recibió {year})");
        }

        var easter = Easter(year);
        var all = new List<ArgentineHoliday>();
        foreach (var (month, day, name) in Fixed)
        {
            var date = new DateOnly(year, month, day);
            all.Add(new ArgentineHoliday(date, name, date));
        }

        all.Add(new ArgentineHoliday(easter.AddDays(-48), "Carnaval", easter.AddDays(-48)));
        all.Add(new ArgentineHoliday(easter.AddDays(-47), "Carnaval", easter.AddDays(-47)));
        all.Add(new ArgentineHoliday(easter.AddDays(-2), "Viernes Santo", easter.AddDays(-2)));
        var fixedDates = all.Select(h => h.Date).ToHashSet();
        foreach (var (month, day, name) in Movable)
        {
            var nominal = new DateOnly(year, month, day);
            var moved = MoveToMonday(nominal);
            all.Add(new ArgentineHoliday(fixedDates.Contains(moved) ? nominal : moved, name, nominal));
        }

        // 2/4 can be Good Friday; keep the first name for a shared date so IsHoliday and the list agree.
        return all.OrderBy(h => h.Date).DistinctBy(h => h.Date).ToList();
    }

    /// <summary>Whether <paramref name="date"/> is a national holiday (false outside <see cref="FirstYear"/>..<see cref="LastYear"/>).</summary>
    public static bool IsHoliday(DateOnly date) =>
        date.Year is >= FirstYear and <= LastYear && HolidayDates(date.Year).Contains(date);

    /// <summary>June and December: the months the aguinaldo (the half-salary bonus) is paid, and people spend more.</summary>
    public static bool IsAguinaldoMonth(int month) => month switch
    {
        6 or 12 => true,
        >= 1 and <= 12 => false,
        _ => throw new DomainException("month", $"El mes debe estar entre 1 y 12 (se recibió {month})"),
    };

    /// <summary>Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
    public static DateOnly Easter(int year)
    {
        if (year is < 1583 or > 9999)
        {
            throw new DomainException("year", $"La Pascua se calcula para años gregorianos 1583 a 9999 (se recibió {year})");
        }

        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    // Ley 27.399 art. 6: Tuesday/Wednesday -> previous Monday; Thursday/Friday -> next Monday; otherwise the nominal day.
    private static DateOnly MoveToMonday(DateOnly nominal) => nominal.DayOfWeek switch
    {
        DayOfWeek.Tuesday => nominal.AddDays(-1),
        DayOfWeek.Wednesday => nominal.AddDays(-2),
        DayOfWeek.Thursday => nominal.AddDays(4),
        DayOfWeek.Friday => nominal.AddDays(3),
        _ => nominal,
    };

    // Forecast features ask IsHoliday for every training row; the sets are tiny, so cache per year (thread-safe, never evicted).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, HashSet<DateOnly>> Cache = new();

    private static HashSet<DateOnly> HolidayDates(int year) =>
        Cache.GetOrAdd(year, y => Holidays(y).Select(h => h.Date).ToHashSet());
}
