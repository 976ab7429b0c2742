using System.Globalization;

namespace MiniMarket.Console.Model;

/// <summary>Times as the store reads them: Buenos Aires time, es-AR formats.</summary>
public static class BuenosAires
{
    private static readonly CultureInfo EsAr = CultureInfo.GetCultureInfo("es-AR");
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("America/Argentina/Buenos_Aires");

    public static DateTimeOffset ToLocal(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Zone);
    public static string Format(DateTimeOffset time) => ToLocal(time).ToString("dd/MM/yyyy HH:mm:ss", EsAr);
    public static string FormatTime(DateTimeOffset time) => ToLocal(time).ToString("HH:mm:ss", EsAr);
}
