using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Negocio.Invoices;

/// <summary>
/// An invoice row from what the OCR read or what a person typed, its DTO, and every problem that stops its
/// confirmation: the AFIP rules (<see cref="AfipInvoice.Validate"/>) plus negocio's own (a product for every line,
/// whole units, a registered supplier).
/// </summary>
public static class InvoiceDrafts
{
    public const int MaxLines = 300;
    public const int MaxQuantity = 100_000;

    /// <summary>Amounts fit numeric(14,2): below a trillion pesos, cents at most.</summary>
    public const decimal MaxAmount = 999_999_999_999.99m;

    /// <summary>What the OCR read, with its confidence per field; lines matched afterwards.</summary>
    public static void ApplyOcr(InvoiceRow row, OcrInvoiceDto ocr)
    {
        row.Type = ocr.Type.Value is { Length: > 0 } t && InvoiceTypes.TryParse(t, out var type) ? type.Letter() : null;
        row.PointOfSale = ocr.PointOfSale.Value;
        row.Number = ocr.Number.Value;
        row.IssueDate = ocr.IssueDate.Value;
        row.Cae = ocr.Cae.Value is { Length: 14 } cae && cae.All(char.IsAsciiDigit) ? cae : null;
        row.CaeDueDate = ocr.CaeDueDate.Value;
        row.IssuerName = Clip(ocr.Issuer.Name.Value, 200);
        row.IssuerCuit = Cuit.TryParse(ocr.Issuer.Cuit.Value, out var issuer) ? issuer.Digits : Digits(ocr.Issuer.Cuit.Value) is { Length: 11 } i ? i : null;
        row.IssuerIvaCondition = Condition(ocr.Issuer.IvaCondition.Value);
        row.IssuerAddress = Clip(ocr.Issuer.Address.Value, 300);
        row.ReceiverName = Clip(ocr.Receiver.Name.Value, 200);
        row.ReceiverCuit = Cuit.TryParse(ocr.Receiver.Cuit.Value, out var receiver) ? receiver.Digits : Digits(ocr.Receiver.Cuit.Value) is { Length: 11 } r ? r : null;
        row.ReceiverIvaCondition = Condition(ocr.Receiver.IvaCondition.Value);
        row.ReceiverAddress = Clip(ocr.Receiver.Address.Value, 300);
        row.Lines = ocr.Lines.Take(MaxLines).Select(l => new StoredInvoiceLine(Clip(l.Code, 50), Clip(l.Description, 300), Fits(l.Quantity), Fits(l.UnitPrice), Fits(l.Amount),
            l.IvaRatePercent, Math.Round(l.Confidence, 3), null, null, null, null, 0)).ToList();
        row.Subtotal = Fits(ocr.Subtotal.Value);
        // AFIP's layout prints every rate (27, 21, 10,5, 5, 2,5, 0) even when nothing is taxed at it: only amounts say something.
        row.Iva = ocr.Iva.Where(i => i.Amount != 0 && Fits(i.Amount) is not null).Take(10).Select(i => new InvoiceIvaLineDto(i.RatePercent, i.Amount)).ToList();
        row.OtherTaxes = Fits(ocr.OtherTaxes.Value);
        row.Total = Fits(ocr.Total.Value);
        row.OcrConfidence = Math.Round(ocr.Confidence, 3);
        row.Warnings = ocr.Warnings.ToList();
        row.Confidence = new Dictionary<string, double>
        {
            ["type"] = ocr.Type.Confidence,
            ["pointOfSale"] = ocr.PointOfSale.Confidence,
            ["number"] = ocr.Number.Confidence,
            ["issueDate"] = ocr.IssueDate.Confidence,
            ["cae"] = ocr.Cae.Confidence,
            ["caeDueDate"] = ocr.CaeDueDate.Confidence,
            ["issuer.name"] = ocr.Issuer.Name.Confidence,
            ["issuer.cuit"] = ocr.Issuer.Cuit.Confidence,
            ["issuer.ivaCondition"] = ocr.Issuer.IvaCondition.Confidence,
            ["issuer.address"] = ocr.Issuer.Address.Confidence,
            ["receiver.name"] = ocr.Receiver.Name.Confidence,
            ["receiver.cuit"] = ocr.Receiver.Cuit.Confidence,
            ["receiver.ivaCondition"] = ocr.Receiver.IvaCondition.Confidence,
            ["receiver.address"] = ocr.Receiver.Address.Confidence,
            ["subtotal"] = ocr.Subtotal.Confidence,
            ["otherTaxes"] = ocr.OtherTaxes.Confidence,
            ["total"] = ocr.Total.Confidence,
        }.ToDictionary(e => e.Key, e => Math.Round(e.Value, 3));
    }

    /// <summary>
    /// A person's version of the invoice. Fields they changed become certain (confidence 1); lines keep their OCR
    /// confidence when unchanged. Shapes are checked here (lengths, counts); business rules at confirmation.
    /// </summary>
    public static void ApplyRequest(InvoiceRow row, InvoiceRequest? request, DateOnly today)
    {
        if (request is null) throw new DomainException("body", "Falta el cuerpo con los datos de la factura.");
        var lines = request.Lines ?? [];
        if (lines.Count > MaxLines) throw new DomainException("lines", $"Una factura admite hasta {MaxLines} líneas (llegaron {lines.Count}).");
        var type = NegocioText.TrimToNull(request.Type);
        if (type is not null && !InvoiceTypes.TryParse(type, out _))
            throw new DomainException("type", $"Tipo de factura {NegocioText.Quote(type)} desconocido: use A, B o C.");
        // What can never be valid is refused now, by field (a number out of AFIP's ranges, letters in a CAE, a rate AFIP does
        // not have, a date out of range, text with control characters); whether the parts add up is confirmation's business.
        if (request.PointOfSale is < 1 or > InvoiceNumber.MaxPointOfSale)
            throw new DomainException("pointOfSale", $"El punto de venta va de 1 a {InvoiceNumber.MaxPointOfSale} (llegó {request.PointOfSale}).");
        if (request.Number is < 1 or > InvoiceNumber.MaxNumber)
            throw new DomainException("number", $"El número de comprobante va de 1 a {InvoiceNumber.MaxNumber} (llegó {request.Number}).");
        var cae = TextInput.Name(request.Cae, "cae", 14);
        if (cae is not null && (cae.Length != 14 || !cae.All(char.IsAsciiDigit)))
            throw new DomainException("cae", "El CAE son 14 dígitos.");
        DateInput.Check(request.IssueDate, "issueDate", today);
        DateInput.Check(request.CaeDueDate, "caeDueDate", today);
        var before = Snapshot(row);
        row.Type = type is null ? null : InvoiceTypes.Parse(type).Letter();
        row.PointOfSale = request.PointOfSale;
        row.Number = request.Number;
        row.IssueDate = request.IssueDate;
        row.Cae = cae;
        row.CaeDueDate = request.CaeDueDate;
        row.IssuerName = TextInput.Name(request.Issuer?.Name, "issuer.name", 200);
        row.IssuerCuit = Clip(Digits(TextInput.Name(request.Issuer?.Cuit, "issuer.cuit", 20)), 11, "issuer.cuit");
        row.IssuerIvaCondition = TextInput.Name(request.Issuer?.IvaCondition, "issuer.ivaCondition", 40);
        row.IssuerAddress = TextInput.Name(request.Issuer?.Address, "issuer.address", 300);
        row.ReceiverName = TextInput.Name(request.Receiver?.Name, "receiver.name", 200);
        row.ReceiverCuit = Clip(Digits(TextInput.Name(request.Receiver?.Cuit, "receiver.cuit", 20)), 11, "receiver.cuit");
        row.ReceiverIvaCondition = TextInput.Name(request.Receiver?.IvaCondition, "receiver.ivaCondition", 40);
        row.ReceiverAddress = TextInput.Name(request.Receiver?.Address, "receiver.address", 300);
        row.Subtotal = Amount(request.Subtotal, "subtotal");
        var iva = request.Iva ?? [];
        if (iva.Count > 10) throw new DomainException("iva", "Hasta 10 alícuotas de IVA.");
        row.Iva = iva.Select((v, j) => v is null
            ? throw new DomainException($"iva[{j}]", "Alícuota de IVA vacía.")
            : new InvoiceIvaLineDto(IvaRate.Create(v.RatePercent, $"iva[{j}].ratePercent").Percent, Amount(v.Amount, $"iva[{j}].amount")!.Value)).ToList();
        row.OtherTaxes = Amount(request.OtherTaxes, "otherTaxes");
        row.Total = Amount(request.Total, "total");
        var oldLines = row.Lines;
        row.Lines = lines.Select((l, i) =>
        {
            if (l is null) throw new DomainException($"lines[{i}]", $"La línea {i + 1} está vacía.");
            var old = i < oldLines.Count ? oldLines[i] : null;
            var same = old is not null && old.Code == NegocioText.TrimToNull(l.Code) && old.Description == NegocioText.TrimToNull(l.Description)
                       && old.Quantity == l.Quantity && old.UnitPrice == l.UnitPrice && old.Amount == l.Amount && old.IvaRatePercent == l.IvaRatePercent;
            if (l.Quantity is < -MaxQuantity or > MaxQuantity) throw new DomainException($"lines[{i}].quantity", $"La cantidad va hasta {MaxQuantity}.");
            if (l.IvaRatePercent is { } r) IvaRate.Create(r, $"lines[{i}].ivaRatePercent");
            return new StoredInvoiceLine(TextInput.Name(l.Code, $"lines[{i}].code", 50), TextInput.Name(l.Description, $"lines[{i}].description", 300),
                l.Quantity, Amount(l.UnitPrice, $"lines[{i}].unitPrice"), Amount(l.Amount, $"lines[{i}].amount"), l.IvaRatePercent, same ? old!.Confidence : 1, l.ProductId, null, null,
                l.ProductId is null ? null : l.ProductId == old?.ProductId ? old!.Match : LineMatches.Manual,
                l.ProductId is null ? 0 : l.ProductId == old?.ProductId ? old!.MatchScore : 1);
        }).ToList();
        var after = Snapshot(row);
        var confidence = new Dictionary<string, double>(row.Confidence);
        foreach (var (field, value) in after)
        {
            if (!before.TryGetValue(field, out var old) || old != value) confidence[field] = 1;
        }
        row.Confidence = confidence;
        row.SupplierId = request.SupplierId;
    }

    private static Dictionary<string, string?> Snapshot(InvoiceRow r)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return new()
        {
        ["type"] = r.Type, ["pointOfSale"] = r.PointOfSale?.ToString(c), ["number"] = r.Number?.ToString(c), ["issueDate"] = r.IssueDate?.ToString("O", c),
        ["cae"] = r.Cae, ["caeDueDate"] = r.CaeDueDate?.ToString("O", c), ["issuer.name"] = r.IssuerName, ["issuer.cuit"] = r.IssuerCuit,
        ["issuer.ivaCondition"] = r.IssuerIvaCondition, ["issuer.address"] = r.IssuerAddress, ["receiver.name"] = r.ReceiverName,
        ["receiver.cuit"] = r.ReceiverCuit, ["receiver.ivaCondition"] = r.ReceiverIvaCondition, ["receiver.address"] = r.ReceiverAddress,
        ["subtotal"] = r.Subtotal?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["otherTaxes"] = r.OtherTaxes?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["total"] = r.Total?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Every problem that stops confirming, in a stable order; empty when the invoice can be confirmed.</summary>
    public static IReadOnlyList<InvoiceProblem> Problems(InvoiceRow row, SupplierRow? supplier)
    {
        var problems = new List<InvoiceProblem>();
        void Add(string field, string message) => problems.Add(new InvoiceProblem(field, message));

        InvoiceType type = 0;
        if (row.Type is null) Add("type", "Falta el tipo de factura (A, B o C).");
        else type = InvoiceTypes.Parse(row.Type);
        InvoiceNumber? number = null;
        if (row.PointOfSale is null || row.Number is null) Add("number", "Falta el punto de venta o el número de la factura.");
        else
        {
            try
            {
                number = InvoiceNumber.Create(row.PointOfSale.Value, row.Number.Value);
            }
            catch (DomainException e)
            {
                Add("number", e.Message);
            }
        }
        Cae? cae = null;
        if (row.Cae is not null)
        {
            if (Cae.TryParse(row.Cae, out var parsed, out var error)) cae = parsed;
            else Add("cae", error);
        }
        var issuer = Party(row.IssuerName, row.IssuerCuit, row.IssuerIvaCondition, row.IssuerAddress, "issuer", Add);
        var receiver = Party(row.ReceiverName, row.ReceiverCuit, row.ReceiverIvaCondition, row.ReceiverAddress, "receiver", Add);
        var lines = new List<InvoiceLine>();
        for (var i = 0; i < row.Lines.Count; i++)
        {
            var l = row.Lines[i];
            var n = i + 1;
            if (l.Quantity is null) Add($"lines[{i}].quantity", $"Falta la cantidad de la línea {n}.");
            if (l.UnitPrice is null) Add($"lines[{i}].unitPrice", $"Falta el precio unitario de la línea {n}.");
            if (l.Amount is null) Add($"lines[{i}].amount", $"Falta el importe de la línea {n}.");
            var rate = l.IvaRatePercent is { } percent
                ? IvaRate.TryCreate(percent, out var r) ? r : Fail<IvaRate>($"lines[{i}].ivaRatePercent", $"Alícuota de IVA {percent} % inválida en la línea {n}: 0, 10,5, 21 o 27.", Add)
                : type == InvoiceType.A ? IvaRate.General : IvaRate.Zero;
            lines.Add(new InvoiceLine(l.Code ?? "", l.Description ?? "", l.Quantity ?? 0, new Ars(l.UnitPrice ?? 0), new Ars(l.Amount ?? 0), rate));
            if (l.ProductId is null) Add($"lines[{i}].productId", $"La línea {n} ({l.Description ?? l.Code ?? "sin descripción"}) no está asociada a un producto.");
            if (l.Quantity is { } q && q > 0 && q != decimal.Truncate(q))
                Add($"lines[{i}].quantity", $"La cantidad de la línea {n} ({q}) debe ser entera: el stock se lleva en unidades.");
            else if (l.Quantity > MaxQuantity)
                Add($"lines[{i}].quantity", $"La cantidad de la línea {n} ({l.Quantity}) supera el máximo de {MaxQuantity} unidades por línea.");
            if (l.UnitPrice is > 0 and < 0.01m)
                Add($"lines[{i}].unitPrice", $"El precio unitario de la línea {n} es menor que un centavo.");
        }
        var iva = new List<IvaAmount>();
        for (var j = 0; j < row.Iva.Count; j++)
        {
            if (IvaRate.TryCreate(row.Iva[j].RatePercent, out var rate)) iva.Add(new IvaAmount(rate, new Ars(row.Iva[j].Amount)));
            else Add($"iva[{j}].ratePercent", $"Alícuota de IVA {row.Iva[j].RatePercent} % inválida: 0, 10,5, 21 o 27.");
        }
        if (row.Subtotal is null) Add("subtotal", "Falta el subtotal (neto gravado).");
        if (row.Total is null) Add("total", "Falta el total.");
        if (row.Type is not null)
        {
            var invoice = new AfipInvoice
            {
                Type = type,
                Number = number,
                IssueDate = row.IssueDate ?? default,
                Cae = cae,
                CaeDueDate = row.CaeDueDate,
                Issuer = issuer,
                Receiver = receiver,
                Lines = lines,
                Subtotal = new Ars(row.Subtotal ?? 0),
                Iva = iva,
                Perceptions = new Ars(row.OtherTaxes ?? 0),
                Total = new Ars(row.Total ?? 0),
            };
            foreach (var problem in invoice.Validate())
            {
                // Already said in negocio's words above (a missing number, an unparsable CUIT or CAE, a missing amount).
                if (problems.Any(p => p.Field == problem.Field)) continue;
                problems.Add(problem);
            }
        }
        if (supplier is { Active: true } && row.IssuerCuit is { } issuerCuit && supplier.Cuit != issuerCuit)
        {
            Add("supplierId", $"El proveedor elegido ({supplier.Name}, CUIT {Cuit.Parse(supplier.Cuit)}) no es el emisor de la factura (CUIT {FormatCuit(issuerCuit)}).");
        }
        else if (supplier is not { Active: true })
        {
            Add("supplierId", row.IssuerCuit is { Length: 11 } cuit && Cuit.TryParse(cuit, out var c)
                ? $"El emisor (CUIT {c}) no es un proveedor registrado: dé de alta el proveedor o elija uno."
                : "Elija el proveedor de la factura.");
        }
        return problems;
    }

    private static T Fail<T>(string field, string message, Action<string, string> add) where T : struct
    {
        add(field, message);
        return default;
    }

    private static InvoiceParty Party(string? name, string? cuitDigits, string? condition, string? address, string field, Action<string, string> add)
    {
        Cuit? cuit = null;
        if (cuitDigits is not null)
        {
            if (Cuit.TryParse(cuitDigits, out var parsed, out var error)) cuit = parsed;
            else add(field + ".cuit", error);
        }
        IvaCondition? iva = null;
        if (condition is not null)
        {
            if (IvaConditions.TryParse(condition, out var parsed)) iva = parsed;
            else add(field + ".ivaCondition", $"Condición de IVA {NegocioText.Quote(condition)} desconocida.");
        }
        return new InvoiceParty(name ?? "", cuit, iva, address);
    }

    /// <summary>The key that makes an invoice unique: issuer CUIT, type, point of sale and number.</summary>
    public static string DuplicateKey(InvoiceRow row) => $"{row.IssuerCuit}-{row.Type}-{row.PointOfSale}-{row.Number}";

    public static string? DisplayNumber(InvoiceRow row) =>
        row.PointOfSale is { } pos && row.Number is { } n && pos is > 0 and <= InvoiceNumber.MaxPointOfSale && n is > 0 and <= InvoiceNumber.MaxNumber
            ? InvoiceNumber.Create(pos, n).ToString()
            : null;

    public static InvoiceDto ToDto(InvoiceRow r, string? supplierName, IReadOnlyList<InvoiceProblem> problems) => new(
        r.Id, r.State, r.Source, r.Type, r.PointOfSale, r.Number, DisplayNumber(r), r.IssueDate, r.Cae, r.CaeDueDate,
        new InvoicePartyDto(r.IssuerName, FormatCuit(r.IssuerCuit), r.IssuerIvaCondition, r.IssuerAddress),
        new InvoicePartyDto(r.ReceiverName, FormatCuit(r.ReceiverCuit), r.ReceiverIvaCondition, r.ReceiverAddress),
        r.Lines.Select(l => new InvoiceLineDto(l.Code, l.Description, l.Quantity, l.UnitPrice, l.Amount, l.IvaRatePercent, l.Confidence,
            l.ProductId, l.ProductCode, l.ProductName, l.Match, l.MatchScore)).ToList(),
        r.Subtotal, r.Iva, r.OtherTaxes, r.Total, r.SupplierId, supplierName, r.OcrConfidence, r.Confidence, r.Warnings,
        problems.Select(p => new InvoiceIssueDto(p.Field, p.Message)).ToList(), r.ImagePages, r.CreatedBy, r.CreatedAt, r.UpdatedAt,
        r.ConfirmedBy, r.ConfirmedAt, r.UnitsEntered);

    public static InvoiceSummaryDto ToSummary(InvoiceRow r) => new(r.Id, r.State, r.Source, r.Type, DisplayNumber(r), r.IssueDate, r.IssuerName,
        FormatCuit(r.IssuerCuit), r.SupplierId, r.Total, r.Lines.Count, r.Lines.Count(l => l.ProductId is null), r.OcrConfidence, r.CreatedAt, r.ConfirmedAt);

    private static string? FormatCuit(string? digits) => digits is not null && Cuit.TryParse(digits, out var cuit) ? cuit.ToString() : digits;

    private static string? Digits(string? text) => text is null ? null : new string(text.Where(char.IsAsciiDigit).ToArray()) is { Length: > 0 } d ? d : null;

    /// <summary>A condition the OCR read as something else (a date, a number) is dropped: the supplier's registered one may fill it.</summary>
    private static string? Condition(string? text) => text is not null && IvaConditions.TryParse(text, out var c) ? c.DisplayName() : null;

    /// <summary>An amount the OCR read, kept only if the table can hold it (a misread of twenty digits is no amount).</summary>
    private static decimal? Fits(decimal? value) => value is { } v && Math.Abs(v) <= MaxAmount ? Math.Round(v, 2, MidpointRounding.AwayFromZero) : null;

    private static decimal? Amount(decimal? value, string field) =>
        value is null || (Math.Abs(value.Value) <= MaxAmount && decimal.Round(value.Value, 2) == value.Value) ? value
            : throw new DomainException(field, $"Importe inválido ({value}): hasta {MaxAmount:0} con dos decimales como máximo.");

    private static string? Clip(string? text, int max) => text is null ? null : text.Length <= max ? text : text[..max];

    private static string? Clip(string? text, int max, string field) =>
        text is null || text.Length <= max ? text : throw new DomainException(field, $"Admite hasta {max} caracteres.");
}
