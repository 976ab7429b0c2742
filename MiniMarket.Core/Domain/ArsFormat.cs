using System.Globalization;

namespace MiniMarket.Core.Domain;

/// <summary>
/// The es-AR culture the store uses for money, numbers and dates, built explicitly so that every machine formats
/// "$ 15.230,50" and "dd/MM/yyyy" the same way whatever its ICU data says (ICU versions differ on the currency pattern and
/// even on whether es-AR exists at all).
/// </summary>
public static class ArsFormat
{
    /// <summary>es-AR number format: '.' groups of 3, ',' decimals, "$ n" and "-$ n", "n %".</summary>
    public static NumberFormatInfo NumberFormat { get; } = NumberFormatInfo.ReadOnly(CreateNumberFormat());

    /// <summary>es-AR culture (read-only) with <see cref="NumberFormat"/> and dd/MM/yyyy, HH:mm date patterns.</summary>
    public static CultureInfo EsAr { get; } = CreateCulture();

    /// <summary>A number es-AR style with a fixed count of decimals: 15230.5 → "15.230,50".</summary>
    public static string Number(decimal value, int decimals = 2) =>
        value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), NumberFormat);

    private static NumberFormatInfo CreateNumberFormat() => new()
    {
        CurrencySymbol = "$",
        CurrencyDecimalDigits = 2,
        CurrencyDecimalSeparator = ",",
        CurrencyGroupSeparator = ".",
        CurrencyGroupSizes = [3],
        CurrencyPositivePattern = 2, // "$ n"
        CurrencyNegativePattern = 9, // "-$ n"
        NumberDecimalDigits = 2,
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = ".",
        NumberGroupSizes = [3],
        NumberNegativePattern = 1, // "-n"
        PercentDecimalDigits = 2,
        PercentDecimalSeparator = ",",
        PercentGroupSeparator = ".",
        PercentGroupSizes = [3],
        PercentPositivePattern = 0, // "n %"
        PercentNegativePattern = 0, // "-n %"
        NegativeSign = "-",
        PositiveSign = "+",
    };

    private static CultureInfo CreateCulture()
    {
        CultureInfo culture;
        try
        {
            culture = (CultureInfo)CultureInfo.GetCultureInfo("es-AR").Clone();
        }
        catch (CultureNotFoundException)
        {
            // Without ICU data (invariant globalization) there is no es-AR: keep going with explicit formats.
            culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        }

        culture.NumberFormat = CreateNumberFormat();
        var dates = culture.DateTimeFormat;
        dates.DateSeparator = "/";
        dates.TimeSeparator = ":";
        dates.ShortDatePattern = "dd/MM/yyyy";
        dates.ShortTimePattern = "HH:mm";
        dates.LongTimePattern = "HH:mm:ss";
        return CultureInfo.ReadOnly(culture);
    }
}
