using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MiniMarket.Core.Domain;

/// <summary>
/// The data of the QR code AFIP (ARCA since October 2024) requires on every electronic invoice (RG 4892/2020): a URL
/// <c>https://www.afip.gob.ar/fe/qr/?p=</c> followed by a JSON object in base64 — version, issue date, issuer CUIT,
/// point of sale, voucher type code, number, total, currency and its rate, the receiver's document and the
/// authorisation (CAE or CAEA). It is what AFIP authorised, printed so a machine reads it exactly.
/// </summary>
public sealed record AfipQr(
    DateOnly IssueDate,
    Cuit IssuerCuit,
    int PointOfSale,
    int TypeCode,
    int Number,
    decimal Total,
    string Currency,
    decimal ExchangeRate,
    int? ReceiverDocumentType,
    long? ReceiverDocument,
    string AuthorizationKind,
    string AuthorizationCode)
{
    /// <summary>The URL AFIP's specification prints (version 1).</summary>
    public const string UrlPrefix = "https://www.afip.gob.ar/fe/qr/?p=";

    /// <summary>AFIP's currency code for Argentine pesos.</summary>
    public const string Pesos = "PES";

    /// <summary>AFIP's document type for a CUIT (tipoDocRec).</summary>
    public const int CuitDocumentType = 80;

    /// <summary>Longest QR text looked at: version 1's URL is about 330 characters.</summary>
    public const int MaxLength = 2048;

    /// <summary>The invoice type when the code is a factura A, B or C (1, 6, 11); null for other vouchers (notas de crédito, M…).</summary>
    public InvoiceType? Type => TypeCode switch { 1 => InvoiceType.A, 6 => InvoiceType.B, 11 => InvoiceType.C, _ => null };

    /// <summary>The receiver's CUIT, when the receiver is identified by one (document type 80) and its check digit is right.</summary>
    public Cuit? ReceiverCuit => ReceiverDocumentType == CuitDocumentType && ReceiverDocument is { } doc
        && Cuit.TryParse(doc.ToString(CultureInfo.InvariantCulture), out var cuit) ? cuit : null;

    /// <summary>The CAE, when the authorisation is one ("E"; "A" is a CAEA).</summary>
    public string? Cae => AuthorizationKind == "E" ? AuthorizationCode : null;

    /// <summary>The text of the QR code, as AFIP's specification writes it: the URL with the JSON in standard base64.</summary>
    public string ToUrl()
    {
        var json = new StringBuilder("{\"ver\":1");
        json.Append(CultureInfo.InvariantCulture, $",\"fecha\":\"{IssueDate:yyyy-MM-dd}\",\"cuit\":{IssuerCuit.Digits},\"ptoVta\":{PointOfSale},\"tipoCmp\":{TypeCode},\"nroCmp\":{Number}");
        json.Append(CultureInfo.InvariantCulture, $",\"importe\":{Total},\"moneda\":\"{Currency}\",\"ctz\":{ExchangeRate}");
        if (ReceiverDocumentType is { } docType && ReceiverDocument is { } doc) json.Append(CultureInfo.InvariantCulture, $",\"tipoDocRec\":{docType},\"nroDocRec\":{doc}");
        json.Append(CultureInfo.InvariantCulture, $",\"tipoCodAut\":\"{AuthorizationKind}\",\"codAut\":{AuthorizationCode}}}");
        return UrlPrefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToString()));
    }

    /// <summary>
    /// Reads a QR code's text. False with a reason when it is not AFIP's invoice QR (<paramref name="isAfip"/> false: another
    /// QR, a payment link) or when it is but its data is broken (<paramref name="isAfip"/> true). The URL may say afip or
    /// arca, http or https, with or without "www."; the base64 may be URL-safe, unpadded or percent-escaped; numbers may
    /// come as JSON numbers or strings. Every value is checked: the CUIT's check digit, a real date, AFIP's ranges.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out AfipQr? qr, out bool isAfip, [NotNullWhen(false)] out string? error)
    {
        qr = null;
        isAfip = false;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            error = "El código QR está vacío o es demasiado largo para ser el de AFIP.";
            return false;
        }
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || uri.Host.ToLowerInvariant() is not ("www.afip.gob.ar" or "afip.gob.ar" or "www.arca.gob.ar" or "arca.gob.ar")
            || !uri.AbsolutePath.TrimEnd('/').Equals("/fe/qr", StringComparison.OrdinalIgnoreCase))
        {
            error = "El código QR no es el de una factura de AFIP.";
            return false;
        }
        isAfip = true;
        var payload = uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0] == "p")?[1];
        if (payload is null || FromBase64(Uri.UnescapeDataString(payload)) is not { } json)
        {
            error = "El código QR de AFIP no trae sus datos (el parámetro p en base64).";
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "Los datos del código QR de AFIP no son un objeto JSON.";
                return false;
            }
            error = Read(root, out qr);
            return error is null;
        }
        catch (JsonException)
        {
            error = "Los datos del código QR de AFIP no son JSON válido.";
            return false;
        }
    }

    private static string? Read(JsonElement root, out AfipQr? qr)
    {
        qr = null;
        if (Integer(root, "ver") is not 1) return "El código QR de AFIP no es de la versión 1 de su especificación.";
        if (Text(root, "fecha") is not { } dateText
            || !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return "El código QR de AFIP no trae una fecha válida (AAAA-MM-DD).";
        }
        if (Text(root, "cuit") is not { } cuitText || !Cuit.TryParse(cuitText, out var cuit)) return "El CUIT del código QR de AFIP no es válido.";
        var pos = Integer(root, "ptoVta");
        if (pos is not (>= 1 and <= 99_999)) return "El punto de venta del código QR de AFIP no va de 1 a 99999.";
        var type = Integer(root, "tipoCmp");
        if (type is not (>= 1 and <= 999)) return "El tipo de comprobante del código QR de AFIP no es un código de AFIP.";
        var number = Integer(root, "nroCmp");
        if (number is not (>= 1 and <= 99_999_999)) return "El número del código QR de AFIP no va de 1 a 99999999.";
        var total = Amount(root, "importe");
        // AFIP's specification: at most 13 integer digits and 2 decimals for the total, 6 decimals for the rate.
        if (total is not (>= 0 and < 10_000_000_000_000m) || total.Value.Scale > 2) return "El importe del código QR de AFIP no es un importe válido.";
        if (Text(root, "moneda") is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterOrDigit)) return "La moneda del código QR de AFIP no es un código de tres letras.";
        var rate = Amount(root, "ctz");
        if (rate is not (> 0 and < 10_000_000_000_000m) || rate.Value.Scale > 6) return "La cotización del código QR de AFIP no es válida.";
        var docType = Integer(root, "tipoDocRec");
        var doc = Integer(root, "nroDocRec");
        // The receiver's document is optional (a final consumer may have none), but when present it must be numbers.
        if ((root.TryGetProperty("tipoDocRec", out _) && docType is not (>= 0 and <= 999))
            || (root.TryGetProperty("nroDocRec", out _) && doc is not (>= 0 and <= 99_999_999_999)))
        {
            return "El documento del receptor del código QR de AFIP no es válido.";
        }
        var kind = Text(root, "tipoCodAut");
        if (kind is not ("E" or "A")) return "El tipo de autorización del código QR de AFIP no es E (CAE) ni A (CAEA).";
        if (Text(root, "codAut") is not { Length: 14 } code || !code.All(char.IsAsciiDigit)) return "El código de autorización del código QR de AFIP no tiene 14 dígitos.";
        qr = new AfipQr(date, cuit, (int)pos.Value, (int)type.Value, (int)number.Value, total.Value, currency.ToUpperInvariant(), rate.Value,
            (int?)docType, doc, kind, code);
        return null;
    }

    /// <summary>A property as text: a JSON string, or a number as written.</summary>
    private static string? Text(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim()
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : null;

    private static long? Integer(JsonElement root, string name) =>
        Text(root, name) is { Length: > 0 and <= 18 } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static decimal? Amount(JsonElement root, string name) =>
        Text(root, name) is { Length: > 0 and <= 30 } text && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? FromBase64(string text)
    {
        var standard = text.Trim().Replace('-', '+').Replace('_', '/');
        standard = standard.PadRight(standard.Length + (4 - standard.Length % 4) % 4, '=');
        var bytes = new byte[standard.Length * 3 / 4];
        if (!Convert.TryFromBase64String(standard, bytes, out var written)) return null;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
