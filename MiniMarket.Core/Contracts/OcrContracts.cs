namespace MiniMarket.Core.Contracts;

/// <summary>
/// One recognised value and how sure the OCR is of it, from 0 (not found or contradicted) to 1 (read cleanly and
/// confirmed by a check: the CUIT's check digit, the invoice's arithmetic, the type letter agreeing with its code).
/// </summary>
public sealed record OcrField<T>(T? Value, double Confidence)
{
    public static OcrField<T> Missing { get; } = new(default, 0);

    public bool Found => Value is not null;
}

/// <summary>The issuer or the receiver as read from the invoice.</summary>
public sealed record OcrPartyDto(
    OcrField<string> Name,
    OcrField<string> Cuit,
    OcrField<string> IvaCondition,
    OcrField<string> Address);

/// <summary>A line of the invoice's detail. Amounts are ARS; <see cref="IvaRatePercent"/> only on type A invoices.</summary>
public sealed record OcrLineDto(
    string? Code,
    string Description,
    decimal? Quantity,
    decimal? UnitPrice,
    decimal? Amount,
    decimal? IvaRatePercent,
    double Confidence);

/// <summary>IVA of one rate (21, 10.5, 27, ...) as printed on a type A invoice.</summary>
public sealed record OcrIvaDto(decimal RatePercent, decimal Amount, double Confidence);

/// <summary>Something a person should check before confirming: <see cref="Code"/> is stable, the message is Spanish.</summary>
public sealed record OcrWarningDto(string Code, string? Field, string Message);

/// <summary>Milliseconds spent in each stage, queue wait included, so a slow page can be explained.</summary>
public sealed record OcrTimingsDto(double QueueMs, double DecodeMs, double PreprocessMs, double RecognizeMs, double ExtractMs, double TotalMs, int Passes);

/// <summary>
/// What the OCR read from a photo or scan of an AFIP invoice. Nothing here has been validated by a person: the store
/// manager reviews it (negocio keeps it as a draft) before anything touches stock.
/// </summary>
public sealed record OcrInvoiceDto(
    OcrField<string> Type,
    OcrField<int?> PointOfSale,
    OcrField<int?> Number,
    OcrField<DateOnly?> IssueDate,
    OcrField<string> Cae,
    OcrField<DateOnly?> CaeDueDate,
    OcrPartyDto Issuer,
    OcrPartyDto Receiver,
    IReadOnlyList<OcrLineDto> Lines,
    OcrField<decimal?> Subtotal,
    IReadOnlyList<OcrIvaDto> Iva,
    OcrField<decimal?> OtherTaxes,
    OcrField<decimal?> Total,
    double Confidence,
    IReadOnlyList<OcrWarningDto> Warnings,
    string RawText,
    OcrTimingsDto Timings)
{
    /// <summary>What the invoice's AFIP QR code says, when one was decoded: the key fields above took its values.</summary>
    public OcrAfipQrDto? AfipQr { get; init; }
}

/// <summary>
/// The data of the QR code AFIP requires on an electronic invoice (RG 4892/2020), as decoded: issuer CUIT, voucher type
/// (its AFIP code, and the letter when it is a factura A, B or C), point of sale and number, date, total in its currency
/// and exchange rate, the receiver's CUIT when it is identified by one, and the authorisation (E: CAE; A: CAEA).
/// </summary>
public sealed record OcrAfipQrDto(
    string IssuerCuit,
    int TypeCode,
    string? Type,
    int PointOfSale,
    int Number,
    DateOnly IssueDate,
    decimal Total,
    string Currency,
    decimal ExchangeRate,
    string? ReceiverCuit,
    string AuthorizationKind,
    string AuthorizationCode);
