using MiniMarket.Core.Contracts;

namespace MiniMarket.Console.Model;

/// <summary>One editable line of an invoice draft.</summary>
public sealed class InvoiceLineForm
{
    public string? Code { get; set; }
    public string? Description { get; set; }
    public decimal? Quantity { get; set; }
    public decimal? UnitPrice { get; set; }
    public decimal? Amount { get; set; }
    public decimal? IvaRatePercent { get; set; }
    public int? ProductId { get; set; }
    public string? ProductLabel { get; set; }
    public string? Match { get; set; }
    public double MatchScore { get; set; }

    /// <summary>The OCR's confidence in the line; 1 for a line typed or corrected by a person.</summary>
    public double Confidence { get; set; } = 1;
}

/// <summary>One IVA rate of an invoice draft and its amount; either may be empty while the person types.</summary>
public sealed class InvoiceIvaForm
{
    public decimal? RatePercent { get; set; }
    public decimal? Amount { get; set; }
}

/// <summary>
/// An invoice draft as the Facturas page edits it: every field of <see cref="InvoiceRequest"/>, filled from the agent's
/// <see cref="InvoiceDto"/>, and back into the request (the whole draft: what is left out is cleared by the agent).
/// The OCR's confidence per field says which fields to look at twice.
/// </summary>
public sealed class InvoiceForm
{
    /// <summary>Below this the page highlights a field: the OCR is not sure of it.</summary>
    public const double LowConfidence = 0.8;

    public string? Type { get; set; }
    public int? PointOfSale { get; set; }
    public int? Number { get; set; }
    public DateTime? IssueDate { get; set; }
    public string? Cae { get; set; }
    public DateTime? CaeDueDate { get; set; }
    public string? IssuerName { get; set; }
    public string? IssuerCuit { get; set; }
    public string? IssuerIvaCondition { get; set; }
    public string? IssuerAddress { get; set; }
    public InvoicePartyDto? Receiver { get; set; }
    public List<InvoiceLineForm> Lines { get; } = [];
    public decimal? Subtotal { get; set; }
    public List<InvoiceIvaForm> Iva { get; } = [];
    public decimal? OtherTaxes { get; set; }
    public decimal? Total { get; set; }
    public Guid? SupplierId { get; set; }
    public IReadOnlyDictionary<string, double> Confidence { get; private set; } = new Dictionary<string, double>();

    public static InvoiceForm From(InvoiceDto invoice)
    {
        var form = new InvoiceForm
        {
            Type = invoice.Type,
            PointOfSale = invoice.PointOfSale,
            Number = invoice.Number,
            IssueDate = invoice.IssueDate?.ToDateTime(TimeOnly.MinValue),
            Cae = invoice.Cae,
            CaeDueDate = invoice.CaeDueDate?.ToDateTime(TimeOnly.MinValue),
            IssuerName = invoice.Issuer.Name,
            IssuerCuit = invoice.Issuer.Cuit,
            IssuerIvaCondition = invoice.Issuer.IvaCondition,
            IssuerAddress = invoice.Issuer.Address,
            Receiver = invoice.Receiver,
            Subtotal = invoice.Subtotal,
            OtherTaxes = invoice.OtherTaxes,
            Total = invoice.Total,
            SupplierId = invoice.SupplierId,
            Confidence = invoice.Confidence,
        };
        form.Iva.AddRange(invoice.Iva.Select(i => new InvoiceIvaForm { RatePercent = i.RatePercent, Amount = i.Amount }));
        form.Lines.AddRange(invoice.Lines.Select(l => new InvoiceLineForm
        {
            Code = l.Code, Description = l.Description, Quantity = l.Quantity, UnitPrice = l.UnitPrice, Amount = l.Amount,
            IvaRatePercent = l.IvaRatePercent, ProductId = l.ProductId,
            ProductLabel = l.ProductId is null ? null : $"{l.ProductCode} · {l.ProductName}",
            Match = l.Match, MatchScore = l.MatchScore, Confidence = l.Confidence,
        }));
        return form;
    }

    public InvoiceRequest ToRequest() => new(
        Type, PointOfSale, Number,
        IssueDate is { } d ? DateOnly.FromDateTime(d) : null,
        Cae,
        CaeDueDate is { } due ? DateOnly.FromDateTime(due) : null,
        new InvoicePartyDto(IssuerName, IssuerCuit, IssuerIvaCondition, IssuerAddress),
        Receiver,
        Lines.Select(l => new InvoiceLineRequest(l.Code, l.Description, l.Quantity, l.UnitPrice, l.Amount, l.IvaRatePercent, l.ProductId)).ToList(),
        Subtotal, Iva.Select(i => new InvoiceIvaLineDto(i.RatePercent ?? 0, i.Amount ?? 0)).ToList(), OtherTaxes, Total, SupplierId);

    /// <summary>
    /// The IVA rows the agent could not take as they are (a rate or an amount left empty), by their index: the page says
    /// so next to the row instead of sending a 0 nobody typed.
    /// </summary>
    public IReadOnlyList<(int Index, bool RateMissing, bool AmountMissing)> IncompleteIva() =>
        Iva.Select((i, j) => (Index: j, RateMissing: i.RatePercent is null, AmountMissing: i.Amount is null))
            .Where(r => r.RateMissing || r.AmountMissing).ToList();

    /// <summary>The OCR's confidence in a field (<c>total</c>, <c>issuer.cuit</c>, …), or null when it did not read it (typed, or corrected).</summary>
    public double? ConfidenceOf(string field) => Confidence.TryGetValue(field, out var c) ? c : null;

    public bool IsDoubtful(string field) => ConfidenceOf(field) is { } c && c < LowConfidence;
}
