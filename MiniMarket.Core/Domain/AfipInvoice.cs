namespace MiniMarket.Core.Domain;

/// <summary>
/// An AFIP factura as read from a supplier (typed by hand or extracted by OCR). It may hold mistakes: <see cref="Validate"/>
/// lists every problem at once instead of throwing, so the store manager can review them all.
/// Amounts are compared with <see cref="Tolerance.Matches(Ars, Ars)"/>: more than 1 % apart (of the larger absolute value)
/// and more than 1 cent apart is a problem; exactly 1 % is accepted.
/// </summary>
public sealed record AfipInvoice
{
    public required InvoiceType Type { get; init; }

    public InvoiceNumber? Number { get; init; }

    public required DateOnly IssueDate { get; init; }

    public Cae? Cae { get; init; }

    public DateOnly? CaeDueDate { get; init; }

    public required InvoiceParty Issuer { get; init; }

    public required InvoiceParty Receiver { get; init; }

    public IReadOnlyList<InvoiceLine> Lines { get; init; } = [];

    /// <summary>Neto gravado: the sum of the lines (net of IVA on a factura A, IVA included on B and C).</summary>
    public Ars Subtotal { get; init; }

    /// <summary>IVA discriminated per rate. Required on A; must be empty (or zero) on C; on B it is only informative
    /// ("IVA contenido", Ley 27.743) and is not added to the total.</summary>
    public IReadOnlyList<IvaAmount> Iva { get; init; } = [];

    /// <summary>Impuestos internos.</summary>
    public Ars InternalTaxes { get; init; }

    /// <summary>Percepciones (IVA, ingresos brutos).</summary>
    public Ars Perceptions { get; init; }

    public Ars Total { get; init; }

    public Ars IvaTotal => Ars.Sum(Iva.Select(i => i.Amount));

    public Ars OtherTaxes => InternalTaxes + Perceptions;

    /// <summary>What the total should be: subtotal + IVA (A only) + other taxes.</summary>
    public Ars ExpectedTotal => Subtotal + (Type == InvoiceType.A ? IvaTotal : Ars.Zero) + OtherTaxes;

    public bool IsValid => Validate().Count == 0;

    /// <summary>Every problem found, in a stable order (header, parties, type rules, lines, amounts); empty when all adds up.</summary>
    public IReadOnlyList<InvoiceProblem> Validate()
    {
        var problems = new List<InvoiceProblem>();
        void Add(string field, string message) => problems.Add(new InvoiceProblem(field, message));

        CheckHeader(Add);
        CheckParty(Issuer, "issuer", "emisor", cuitRequired: true, Add);
        CheckParty(Receiver, "receiver", "receptor", cuitRequired: Type == InvoiceType.A, Add);
        if (Issuer.Cuit is { } issuerCuit && Receiver.Cuit == issuerCuit)
        {
            Add("receiver.cuit", $"El emisor y el receptor tienen el mismo CUIT ({issuerCuit})");
        }

        CheckTypeRules(Add);
        CheckLines(Add);
        CheckAmounts(Add);
        return problems;
    }

    private void CheckHeader(Action<string, string> add)
    {
        if (!Enum.IsDefined(Type))
        {
            add("type", $"Tipo de factura desconocido ({(int)Type}): se espera A, B o C");
        }

        if (Number is null)
        {
            add("number", "Falta el número de factura (punto de venta y número)");
        }

        if (IssueDate == default)
        {
            add("issueDate", "Falta la fecha de emisión");
        }

        if (Cae is null)
        {
            add("cae", "Falta el CAE");
        }

        if (CaeDueDate is not { } due)
        {
            add("caeDueDate", "Falta la fecha de vencimiento del CAE");
        }
        else if (due < IssueDate)
        {
            add("caeDueDate", $"El vencimiento del CAE ({BuenosAiresTime.FormatDate(due)}) es anterior a la fecha de emisión ({BuenosAiresTime.FormatDate(IssueDate)})");
        }
    }

    private static void CheckParty(InvoiceParty party, string field, string who, bool cuitRequired, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(party.Name))
        {
            add(field + ".name", $"Falta el nombre o razón social del {who}");
        }

        if (cuitRequired && party.Cuit is null)
        {
            add(field + ".cuit", $"Falta el CUIT del {who}");
        }

        if (party.IvaCondition is null)
        {
            add(field + ".ivaCondition", $"Falta la condición de IVA del {who}");
        }
    }

    private void CheckTypeRules(Action<string, string> add)
    {
        var issuer = Issuer.IvaCondition;
        var receiver = Receiver.IvaCondition;
        switch (Type)
        {
            case InvoiceType.A:
                if (issuer is { } a1 && a1 != IvaCondition.ResponsableInscripto)
                {
                    add("issuer.ivaCondition", $"Solo un Responsable Inscripto puede emitir factura A (el emisor figura como {a1.DisplayName()})");
                }

                if (receiver is { } a2 && a2 != IvaCondition.ResponsableInscripto)
                {
                    add("receiver.ivaCondition", $"La factura A solo se emite a un Responsable Inscripto (el receptor figura como {a2.DisplayName()})");
                }

                var taxedBase = Ars.Sum(Lines.Where(l => l.IvaRate.Percent > 0m).Select(l => l.Amount));
                if (taxedBase.IsPositive && IvaTotal.IsZero)
                {
                    add("iva", "La factura A debe discriminar el IVA y no lo hace");
                }

                break;
            case InvoiceType.B:
                if (issuer is { } b1 && b1 != IvaCondition.ResponsableInscripto)
                {
                    add("issuer.ivaCondition", $"Solo un Responsable Inscripto puede emitir factura B (el emisor figura como {b1.DisplayName()})");
                }

                if (receiver == IvaCondition.ResponsableInscripto)
                {
                    add("receiver.ivaCondition", "A un Responsable Inscripto le corresponde factura A, no B");
                }

                break;
            case InvoiceType.C:
                // AFIP: factura C is issued by Monotributistas and also by Exentos; neither discriminates IVA.
                if (issuer is { } c1 && c1 is not (IvaCondition.Monotributista or IvaCondition.Exento))
                {
                    add("issuer.ivaCondition", $"La factura C la emite un Monotributista (el emisor figura como {c1.DisplayName()})");
                }

                if (!IvaTotal.IsZero)
                {
                    add("iva", $"La factura C no discrimina IVA, pero muestra {IvaTotal}");
                }

                break;
        }
    }

    private void CheckLines(Action<string, string> add)
    {
        if (Lines.Count == 0)
        {
            add("lines", "La factura no tiene líneas");
            return;
        }

        for (var i = 0; i < Lines.Count; i++)
        {
            var line = Lines[i];
            var field = $"lines[{i}]";
            var n = i + 1;
            if (string.IsNullOrWhiteSpace(line.Description))
            {
                add(field + ".description", $"La línea {n} no tiene descripción");
            }

            if (line.Quantity <= 0m)
            {
                add(field + ".quantity", $"La cantidad de la línea {n} debe ser mayor que cero (es {line.Quantity.ToString(ArsFormat.NumberFormat)})");
            }

            if (line.UnitPrice.IsNegative)
            {
                add(field + ".unitPrice", $"El precio unitario de la línea {n} no puede ser negativo ({line.UnitPrice})");
            }

            var expected = line.UnitPrice * line.Quantity;
            if (!Tolerance.Matches(expected, line.Amount))
            {
                add(field + ".amount", $"El importe de la línea {n} ({line.Amount}) no coincide con cantidad × precio ({expected})");
            }
        }
    }

    private void CheckAmounts(Action<string, string> add)
    {
        CheckNotNegative("subtotal", "El subtotal", Subtotal, add);
        CheckNotNegative("internalTaxes", "Los impuestos internos", InternalTaxes, add);
        CheckNotNegative("perceptions", "Las percepciones", Perceptions, add);
        CheckNotNegative("total", "El total", Total, add);
        for (var j = 0; j < Iva.Count; j++)
        {
            CheckNotNegative($"iva[{j}].amount", $"El IVA {Iva[j].Rate}", Iva[j].Amount, add);
        }

        if (Lines.Count > 0)
        {
            var linesSum = Ars.Sum(Lines.Select(l => l.Amount));
            if (!Tolerance.Matches(linesSum, Subtotal))
            {
                add("subtotal", $"El subtotal ({Subtotal}) no coincide con la suma de las líneas ({linesSum})");
            }
        }

        if (Type == InvoiceType.A)
        {
            CheckIvaPerRate(add);
        }

        if (!Tolerance.Matches(ExpectedTotal, Total))
        {
            var parts = Type == InvoiceType.A ? "subtotal + IVA + otros impuestos" : "subtotal + otros impuestos";
            add("total", $"El total ({Total}) no coincide con {parts} ({ExpectedTotal})");
        }
    }

    private void CheckIvaPerRate(Action<string, string> add)
    {
        var rates = Lines.Select(l => l.IvaRate).Concat(Iva.Select(i => i.Rate)).Where(r => r.Percent > 0m).Distinct();
        foreach (var rate in rates)
        {
            var taxedBase = Ars.Sum(Lines.Where(l => l.IvaRate == rate).Select(l => l.Amount));
            var expected = rate.Of(taxedBase);
            var actual = Ars.Sum(Iva.Where(i => i.Rate == rate).Select(i => i.Amount));
            if (Tolerance.Matches(expected, actual))
            {
                continue;
            }

            var index = Iva.ToList().FindIndex(i => i.Rate == rate);
            var field = index < 0 ? "iva" : $"iva[{index}].amount";
            add(field, $"El IVA {rate} ({actual}) no coincide con {rate} del neto gravado a esa alícuota ({taxedBase} → {expected})");
        }
    }

    private static void CheckNotNegative(string field, string what, Ars amount, Action<string, string> add)
    {
        if (amount.IsNegative)
        {
            add(field, $"{what} no puede ser negativo ({amount})");
        }
    }
}
