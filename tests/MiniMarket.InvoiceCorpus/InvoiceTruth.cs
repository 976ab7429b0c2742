using MiniMarket.Core.Domain;

namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// What a synthetic invoice says, exactly as rendered: the answer key for OCR tests and benchmarks.
/// Amounts are pesos rounded to cents. On a factura A the lines and <see cref="Subtotal"/> are net of IVA and
/// <see cref="Iva"/> lists the IVA per rate; on B and C the lines include IVA and <see cref="Iva"/> is empty.
/// <see cref="Total"/> = <see cref="Subtotal"/> + IVA (A only) + <see cref="OtherTaxes"/>, exactly.
/// </summary>
public sealed record InvoiceTruth(
    InvoiceType Type,
    int PointOfSale,
    int Number,
    DateOnly IssueDate,
    string Cae,
    DateOnly CaeDueDate,
    IssuerTruth Issuer,
    PartyTruth Receiver,
    string SaleCondition,
    IReadOnlyList<LineTruth> Lines,
    decimal Subtotal,
    IReadOnlyList<IvaTruth> Iva,
    IReadOnlyList<TaxTruth> Taxes,
    decimal Total)
{
    /// <summary>"0003-00012345" (4 digits of point of sale below 10000, as <see cref="InvoiceNumber"/> writes it).</summary>
    public string FullNumber => InvoiceNumber.Create(PointOfSale, Number).ToString();

    public decimal IvaTotal => Iva.Sum(i => i.Amount);

    /// <summary>Percepciones (ingresos brutos, IVA).</summary>
    public decimal Perceptions => Taxes.Where(t => t.Kind == TaxKind.Perception).Sum(t => t.Amount);

    /// <summary>Impuestos internos.</summary>
    public decimal InternalTaxes => Taxes.Where(t => t.Kind == TaxKind.InternalTax).Sum(t => t.Amount);

    /// <summary>"Importe Otros Tributos": percepciones + impuestos internos.</summary>
    public decimal OtherTaxes => Taxes.Sum(t => t.Amount);

    /// <summary>
    /// Factura B only: the IVA contained in the prices (Ley 27.743, "IVA Contenido"), informative, not added to the total.
    /// Zero on A and C.
    /// </summary>
    public decimal IvaContained => Type != InvoiceType.B ? 0m : Lines.Sum(l =>
        Cents(l.Amount - l.Amount / (1m + l.IvaRate.Fraction)));

    /// <summary>The same invoice as the domain model the agents validate (it must be valid).</summary>
    public AfipInvoice ToAfipInvoice() => new()
    {
        Type = Type,
        Number = InvoiceNumber.Create(PointOfSale, Number),
        IssueDate = IssueDate,
        Cae = Core.Domain.Cae.Parse(Cae),
        CaeDueDate = CaeDueDate,
        Issuer = Issuer.ToParty(),
        Receiver = Receiver.ToParty(),
        Lines = [.. Lines.Select(l => new InvoiceLine(l.Code, l.Description, l.Quantity, new Ars(l.UnitPrice), new Ars(l.Amount), l.IvaRate))],
        Subtotal = new Ars(Subtotal),
        Iva = [.. Iva.Select(i => new IvaAmount(i.Rate, new Ars(i.Amount)))],
        InternalTaxes = new Ars(InternalTaxes),
        Perceptions = new Ars(Perceptions),
        Total = new Ars(Total),
    };

    /// <summary>The QR code AFIP requires on the invoice (RG 4892/2020): its data in pesos, the receiver by CUIT, the CAE.</summary>
    public AfipQr ToAfipQr() => new(IssueDate, Issuer.Cuit, PointOfSale, Type.Code(), Number, Total, "PES", 1m,
        AfipQr.CuitDocumentType, long.Parse(Receiver.Cuit.Digits, System.Globalization.CultureInfo.InvariantCulture), "E", Cae);

    internal static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}

/// <summary>Receiver of the invoice (for the store's purchases: the minimarket itself).</summary>
public sealed record PartyTruth(string Name, Cuit Cuit, IvaCondition IvaCondition, string Address)
{
    public InvoiceParty ToParty() => new(Name, Cuit, IvaCondition, Address);
}

/// <summary>
/// Issuer of the invoice. <see cref="TradeName"/> (nombre de fantasía) is printed big at the top left when present; the
/// legal name follows "Razón Social:". <see cref="GrossIncomeNumber"/> is the "Ingresos Brutos" registration.
/// </summary>
public sealed record IssuerTruth(
    string Name,
    string? TradeName,
    Cuit Cuit,
    IvaCondition IvaCondition,
    string Address,
    string GrossIncomeNumber,
    DateOnly ActivityStart)
{
    public InvoiceParty ToParty() => new(Name, Cuit, IvaCondition, Address);
}

/// <summary>
/// One printed line. <see cref="Amount"/> = <see cref="Quantity"/> × <see cref="UnitPrice"/> rounded to cents (no discount):
/// net of IVA on A, IVA included on B and C. <see cref="IvaRate"/> is printed only on A (on C it is 0).
/// </summary>
public sealed record LineTruth(
    string Code,
    string Description,
    decimal Quantity,
    string Unit,
    decimal UnitPrice,
    decimal Amount,
    IvaRate IvaRate)
{
    /// <summary>"Subtotal c/IVA" of a factura A line.</summary>
    public decimal AmountWithIva => InvoiceTruth.Cents(Amount * (1m + IvaRate.Fraction));
}

/// <summary>IVA for one rate on a factura A: <see cref="Amount"/> = <see cref="TaxedBase"/> × rate, rounded to cents.</summary>
public sealed record IvaTruth(IvaRate Rate, decimal TaxedBase, decimal Amount);

public enum TaxKind
{
    Perception,
    InternalTax,
}

/// <summary>One "otro tributo": a perception or an internal tax, <see cref="Amount"/> = base × rate rounded to cents.</summary>
public sealed record TaxTruth(TaxKind Kind, string Description, decimal TaxBase, decimal RatePercent, decimal Amount);
