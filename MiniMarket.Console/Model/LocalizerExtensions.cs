using System.Globalization;
using Microsoft.Extensions.Localization;

namespace MiniMarket.Console.Model;

public static class LocalizerExtensions
{
    /// <summary>A text with placeholders, formatted with the es-AR culture (numbers with a decimal comma).</summary>
    public static string Format(this IStringLocalizer localizer, string key, params object?[] args) =>
        string.Format(EsAr, localizer[key].Value, args);

    private static readonly CultureInfo EsAr = CultureInfo.GetCultureInfo("es-AR");
}
