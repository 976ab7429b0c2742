namespace MiniMarket.Core.Domain;

/// <summary>
/// The dates a request may name: from 2000-01-01 (older than any store's records) to a year ahead of today (a forecast or a
/// planned price). Anything else is a mistake by the caller — refused by field — and never reaches date arithmetic
/// (<c>9999-12-31</c> plus one day overflows) or the database.
/// </summary>
public static class DateInput
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);
    public const int MaxDaysAhead = 366;

    /// <summary>The date itself when it is within range; otherwise a <see cref="DomainException"/> naming the field.</summary>
    public static DateOnly Check(DateOnly date, string field, DateOnly today)
    {
        var latest = today.AddDays(MaxDaysAhead);
        return date >= Earliest && date <= latest
            ? date
            : throw new DomainException(field, $"La fecha {date:yyyy-MM-dd} está fuera de rango: va de {Earliest:yyyy-MM-dd} a {latest:yyyy-MM-dd}.");
    }

    public static DateOnly? Check(DateOnly? date, string field, DateOnly today) => date is { } d ? Check(d, field, today) : null;

    /// <summary>An instant within the same range (its Buenos Aires day).</summary>
    public static DateTimeOffset? Check(DateTimeOffset? at, string field, DateOnly today)
    {
        if (at is not { } value) return null;
        var earliest = new DateTimeOffset(Earliest.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var latest = new DateTimeOffset(today.AddDays(MaxDaysAhead + 1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return value >= earliest && value < latest
            ? value
            : throw new DomainException(field, $"La fecha {value:yyyy-MM-dd} está fuera de rango: va de {Earliest:yyyy-MM-dd} a {today.AddDays(MaxDaysAhead):yyyy-MM-dd}.");
    }
}
