using System.Globalization;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Model;

/// <summary>Times as the store reads them on screen: Buenos Aires time (Core's zone), es-AR formats with seconds.</summary>
public static class BuenosAires
{
    private static readonly CultureInfo EsAr = CultureInfo.GetCultureInfo("es-AR");

    /// <summary>es-AR, for numbers on screen (1.234,5).</summary>
    public static CultureInfo Culture => EsAr;

    public static string Format(DateTimeOffset time) => BuenosAiresTime.ToLocal(time).ToString("dd/MM/yyyy HH:mm:ss", EsAr);
    /// <summary>Midday in Buenos Aires of a date: where a day's point sits on a time axis.</summary>
    public static DateTimeOffset Noon(DateOnly day)
    {
        var local = day.ToDateTime(new TimeOnly(12, 0));
        return new DateTimeOffset(local, BuenosAiresTime.Zone.GetUtcOffset(local));
    }

    public static string FormatTime(DateTimeOffset time) => BuenosAiresTime.ToLocal(time).ToString("HH:mm:ss", EsAr);
}
