namespace MiniMarket.Core.Domain;

/// <summary>Southern-hemisphere season. <c>Otono</c> is written without the tilde in code; see <see cref="SeasonCalendar.DisplayName"/>.</summary>
public enum Season
{
    Verano,
    Otono,
    Invierno,
    Primavera,
}

/// <summary>
/// Southern-hemisphere calendar with fixed boundaries (the astronomical dates move by a day; a store does not care):
/// verano 21 Dec – 20 Mar, otoño 21 Mar – 20 Jun, invierno 21 Jun – 20 Sep, primavera 21 Sep – 20 Dec (all inclusive).
/// </summary>
public static class SeasonCalendar
{
    public static Season For(DateOnly date) => (date.Month, date.Day) switch
    {
        (12, >= 21) or (1 or 2, _) or (3, <= 20) => Season.Verano,
        (3, _) or (4 or 5, _) or (6, <= 20) => Season.Otono,
        (6, _) or (7 or 8, _) or (9, <= 20) => Season.Invierno,
        _ => Season.Primavera,
    };

    /// <summary>"Verano", "Otoño", "Invierno", "Primavera".</summary>
    public static string DisplayName(this Season season) => season switch
    {
        Season.Verano => "Verano",
        Season.Otono => "Otoño",
        Season.Invierno => "Invierno",
        Season.Primavera => "Primavera",
        _ => throw new DomainException("season", $"Estación desconocida ({(int)season})"),
    };
}

/// <summary>Multiplier of the minimum stock by season: verano 1.3, otoño 1.0, invierno 0.8, primavera 1.1.</summary>
public static class SeasonalFactor
{
    public static decimal For(Season season) => season switch
    {
        Season.Verano => 1.3m,
        Season.Otono => 1.0m,
        Season.Invierno => 0.8m,
        Season.Primavera => 1.1m,
        _ => throw new DomainException("season", $"Estación desconocida ({(int)season})"),
    };

    /// <summary>The factor of the season <paramref name="date"/> falls in.</summary>
    public static decimal For(DateOnly date) => For(SeasonCalendar.For(date));
}
