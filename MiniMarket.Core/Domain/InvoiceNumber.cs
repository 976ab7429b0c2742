using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MiniMarket.Core.Domain;

/// <summary>
/// Invoice number: point of sale (punto de venta, 1..99999) and number (1..99999999), written "0001-00012345"
/// (point of sale with 4 digits when below 10000, else 5; number with 8).
/// </summary>
public readonly partial record struct InvoiceNumber
{
    public const int MaxPointOfSale = 99_999;
    public const int MaxNumber = 99_999_999;

    private InvoiceNumber(int pointOfSale, int number)
    {
        PointOfSale = pointOfSale;
        Number = number;
    }

    public int PointOfSale { get; }

    public int Number { get; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{PointOfSale.ToString(PointOfSale < 10_000 ? "D4" : "D5", CultureInfo.InvariantCulture)}-{Number:D8}");

    public static InvoiceNumber Create(int pointOfSale, int number, string field = "number")
    {
        if (pointOfSale is < 1 or > MaxPointOfSale)
        {
            throw new DomainException(field, $"El punto de venta debe estar entre 1 y {MaxPointOfSale} (se recibió {pointOfSale})");
        }

        if (number is < 1 or > MaxNumber)
        {
            throw new DomainException(field, $"El número de comprobante debe estar entre 1 y {MaxNumber} (se recibió {number})");
        }

        return new InvoiceNumber(pointOfSale, number);
    }

    /// <summary>
    /// Parses "0001-00012345" or "00001-00012345": 4 or 5 digits, '-', 8 digits; spaces around the parts and the dash are
    /// tolerated ("0001 - 00012345"). Shorter numbers ("1-123") are refused: they are usually a misread.
    /// </summary>
    public static InvoiceNumber Parse(string? text, string field = "number") =>
        TryParse(text, out var number, out var error) ? number : throw new DomainException(field, error);

    public static bool TryParse(string? text, out InvoiceNumber number) => TryParse(text, out number, out _);

    public static bool TryParse(string? text, out InvoiceNumber number, [NotNullWhen(false)] out string? error)
    {
        number = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "El número de factura es obligatorio";
            return false;
        }

        var match = Spelling().Match(text.Trim());
        if (!match.Success)
        {
            error = $"El número de factura {DomainText.Quote(text.Trim())} no tiene el formato 0001-00012345";
            return false;
        }

        var pointOfSale = int.Parse(match.Groups["pos"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        var value = int.Parse(match.Groups["num"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        if (pointOfSale == 0)
        {
            error = "El punto de venta no puede ser 0";
            return false;
        }

        if (value == 0)
        {
            error = "El número de comprobante no puede ser 0";
            return false;
        }

        number = new InvoiceNumber(pointOfSale, value);
        error = null;
        return true;
    }

    [GeneratedRegex(@"^(?<pos>[0-9]{4,5})\s*-\s*(?<num>[0-9]{8})$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Spelling();
}
