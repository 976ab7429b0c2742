using System.Globalization;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Model;

/// <summary>Times as the store reads them on screen: Buenos Aires time (Core's zone), es-AR formats with seconds.</summary>
public static class BuenosAires
{
    private static readonly CultureInfo EsAr = CultureInfo.GetCultureInfo("es-AR");

    public static string Format(DateTimeOffset time) => BuenosAiresTime.ToLocal(time).ToString("dd/MM/yyyy HH:mm:ss", EsAr);
    public static string FormatTime(DateTimeOffset time) => BuenosAiresTime.ToLocal(time).ToString("HH:mm:ss", EsAr);
}
