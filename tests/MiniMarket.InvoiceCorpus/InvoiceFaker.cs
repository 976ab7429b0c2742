using System.Globalization;
using System.Text;
using MiniMarket.Core.Domain;

namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// Random but reproducible AFIP invoices: the same seed always yields the same sequence of <see cref="InvoiceTruth"/>.
/// Every invoice is valid (<see cref="InvoiceTruth.ToAfipInvoice"/> has no problems): CUITs with a correct check digit,
/// IVA conditions that fit the type (A: RI to RI; B: RI to Consumidor Final, Monotributista or Exento; C: Monotributista),
/// amounts in cents that add up exactly. <see cref="InvoiceMix"/> chooses how long the invoices are.
/// </summary>
public sealed class InvoiceFaker
{
    private static readonly DateOnly FirstIssueDate = new(2024, 1, 1);
    private static readonly DateOnly LastIssueDate = new(2026, 12, 31);
    private static readonly DateOnly PriceReference = new(2026, 6, 1);
    private const double MonthlyInflationFraction = 0.03;

    private readonly Random _random;
    private readonly InvoiceMix _mix;

    /// <summary>The classic mix (1–12 lines): what <see cref="InvoiceCorpus.Truth(int)"/> has always returned.</summary>
    public InvoiceFaker(int seed)
        : this(seed, InvoiceMix.Classic)
    {
    }

    public InvoiceFaker(int seed, InvoiceMix mix)
    {
        _random = new Random(seed);
        _mix = mix;
    }

    /// <summary>The next invoice of this seed's sequence.</summary>
    public InvoiceTruth Next()
    {
        var type = Weighted((InvoiceType.A, 45), (InvoiceType.B, 35), (InvoiceType.C, 20));
        var issueDate = FirstIssueDate.AddDays(_random.Next(LastIssueDate.DayNumber - FirstIssueDate.DayNumber + 1));
        var issuer = NextIssuer(type, issueDate);
        var receiver = NextReceiver(type);
        while (receiver.Cuit == issuer.Cuit)
        {
            receiver = NextReceiver(type);
        }

        var lines = NextLines(type, issueDate);
        var subtotal = lines.Sum(l => l.Amount);
        IReadOnlyList<IvaTruth> iva = type == InvoiceType.A
            ? [.. lines.Where(l => l.IvaRate.Percent > 0m).GroupBy(l => l.IvaRate).OrderByDescending(g => g.Key.Percent)
                .Select(g => new IvaTruth(g.Key, g.Sum(l => l.Amount), InvoiceTruth.Cents(g.Sum(l => l.Amount) * g.Key.Fraction)))]
            : [];
        var taxes = NextTaxes(type, lines, subtotal);
        var total = subtotal + iva.Sum(i => i.Amount) + taxes.Sum(t => t.Amount);

        return new InvoiceTruth(
            type,
            PointOfSale: Chance(85) ? _random.Next(1, 21) : _random.Next(21, 10_000),
            Number: _random.Next(1, (int)Math.Pow(10, _random.Next(2, 9)) - 1) + 1,
            issueDate,
            Cae: (Chance(50) ? "7" : "8") + Digits(13),
            CaeDueDate: issueDate.AddDays(10),
            issuer,
            receiver,
            Pick(ArgentineCatalog.SaleConditions),
            lines,
            subtotal,
            iva,
            taxes,
            total);
    }

    private IssuerTruth NextIssuer(InvoiceType type, DateOnly issueDate)
    {
        string name;
        string? tradeName = null;
        Cuit cuit;
        if (type == InvoiceType.C)
        {
            (name, cuit) = NextPerson();
            tradeName = Chance(80) ? Pick(ArgentineCatalog.SmallBusinessNames) : null;
        }
        else if (Chance(85))
        {
            name = _mix == InvoiceMix.Classic
                ? Pick(ArgentineCatalog.CompanySuppliers)
                : Pick([.. ArgentineCatalog.CompanySuppliers, .. ArgentineCatalog.LongCompanySuppliers]);
            cuit = NextCuit(Weighted((30, 80), (33, 15), (34, 5)));
            // Companies often print their name without the company type, in capitals, as the big header name.
            tradeName = Chance(25) ? name.Replace(" S.R.L.", "", StringComparison.Ordinal).Replace(" S.A.", "", StringComparison.Ordinal)
                .ToUpper(CultureInfo.InvariantCulture) : null;
        }
        else
        {
            (name, cuit) = NextPerson();
        }

        var condition = type == InvoiceType.C ? IvaCondition.Monotributista : IvaCondition.ResponsableInscripto;
        var grossIncome = _random.Next(100) switch
        {
            < 50 => $"{Digits(3)}-{Digits(6)}-{Digits(1)}", // Convenio Multilateral
            < 85 => cuit.Digits,
            < 95 => cuit.ToString(),
            _ => "Exento",
        };
        var start = issueDate.AddDays(-_random.Next(400, 30 * 365));
        return new IssuerTruth(name, tradeName, cuit, condition, NextAddress(), grossIncome, start);
    }

    private PartyTruth NextReceiver(InvoiceType type)
    {
        var condition = type switch
        {
            InvoiceType.A => IvaCondition.ResponsableInscripto,
            InvoiceType.B => Weighted((IvaCondition.Monotributista, 60), (IvaCondition.Exento, 15), (IvaCondition.ConsumidorFinal, 25)),
            _ => Weighted((IvaCondition.ResponsableInscripto, 40), (IvaCondition.Monotributista, 35), (IvaCondition.Exento, 10),
                (IvaCondition.ConsumidorFinal, 15)),
        };
        var (name, cuit) = condition switch
        {
            IvaCondition.ResponsableInscripto when Chance(70) =>
                (Pick(ArgentineCatalog.StoreCompanies), NextCuit(Weighted((30, 85), (33, 15)))),
            IvaCondition.Exento => (Pick(ArgentineCatalog.ExemptReceivers), NextCuit(Weighted((30, 70), (33, 30)))),
            _ => NextPerson(),
        };
        return new PartyTruth(name, cuit, condition, NextAddress());
    }

    private List<LineTruth> NextLines(InvoiceType type, DateOnly issueDate)
    {
        var count = _mix == InvoiceMix.Classic
            ? Weighted((1, 6), (2, 8), (3, 10), (4, 12), (5, 12), (6, 12), (7, 10), (8, 9), (9, 7), (10, 6), (11, 4), (12, 4))
            : LongTableCount();
        var catalog = _mix == InvoiceMix.Classic ? ArgentineCatalog.Products : ArgentineCatalog.AllProducts;
        var candidates = catalog
            .Where(p => p.IvaPercent != 27m || (type == InvoiceType.A && Chance(3)))
            .OrderBy(_ => _random.Next())
            .Take(count);
        var months = ((issueDate.Year - PriceReference.Year) * 12) + issueDate.Month - PriceReference.Month;
        var inflation = (decimal)Math.Pow(1 + MonthlyInflationFraction, months);
        var codeStyle = _random.Next(3);
        var lines = new List<LineTruth>();
        foreach (var product in candidates)
        {
            var rate = type == InvoiceType.C ? IvaRate.Zero : IvaRate.Create(product.IvaPercent);
            var consumerPrice = product.MinPrice + (product.MaxPrice - product.MinPrice) * (decimal)_random.NextDouble();
            var wholesale = consumerPrice * inflation * (0.70m + 0.15m * (decimal)_random.NextDouble());
            var unitPrice = InvoiceTruth.Cents(type == InvoiceType.A ? wholesale / (1m + IvaRate.Create(product.IvaPercent).Fraction) : wholesale);
            var quantity = product.Unit == ArgentineCatalog.Kilograms
                ? InvoiceTruth.Cents(0.5m + 24.5m * (decimal)_random.NextDouble())
                : Weighted((1m, 10), (2m, 8), (3m, 6), (6m, 20), (10m, 8), (12m, 20), (24m, 12), ((decimal)_random.Next(1, 49), 16));
            var code = codeStyle switch
            {
                0 => Digits(5),
                1 => "ART" + Digits(4),
                _ => (1 + _random.Next(9)).ToString(CultureInfo.InvariantCulture) + Digits(5),
            };
            lines.Add(new LineTruth(code, product.Description, quantity, product.Unit, unitPrice,
                InvoiceTruth.Cents(quantity * unitPrice), rate));
        }

        return lines;
    }

    private List<TaxTruth> NextTaxes(InvoiceType type, List<LineTruth> lines, decimal subtotal)
    {
        var taxes = new List<TaxTruth>();
        if (Chance(type switch { InvoiceType.A => 50, InvoiceType.B => 25, _ => 10 }))
        {
            var rate = Pick(1.5m, 2m, 2.5m, 3m, 3.5m);
            taxes.Add(new TaxTruth(TaxKind.Perception, "Percepción Ingresos Brutos", subtotal, rate, InvoiceTruth.Cents(subtotal * rate / 100m)));
        }

        if (type == InvoiceType.A && Chance(15))
        {
            taxes.Add(new TaxTruth(TaxKind.Perception, "Percepción IVA", subtotal, 3m, InvoiceTruth.Cents(subtotal * 0.03m)));
        }

        if (type == InvoiceType.A && Chance(60))
        {
            var taxed = lines
                .Select(l => (Line: l, Rate: ArgentineCatalog.AllProducts.First(p => p.Description == l.Description).InternalTaxPercent))
                .Where(x => x.Rate > 0m)
                .GroupBy(x => x.Rate)
                .OrderBy(g => g.Key);
            foreach (var group in taxed)
            {
                var taxBase = group.Sum(x => x.Line.Amount);
                taxes.Add(new TaxTruth(TaxKind.InternalTax, "Impuestos Internos", taxBase, group.Key,
                    InvoiceTruth.Cents(taxBase * group.Key / 100m)));
            }
        }

        return taxes;
    }

    // 2 to 30 lines, three in four with 10 or more: 2–9 lines 24 %, 10–19 lines 40 %, 20–30 lines 36 %.
    private int LongTableCount() => _random.Next(100) switch
    {
        < 24 => _random.Next(2, 10),
        < 64 => _random.Next(10, 20),
        _ => _random.Next(20, 31),
    };

    private (string Name, Cuit Cuit) NextPerson()
    {
        var female = Chance(50);
        var name = $"{Pick(ArgentineCatalog.Surnames)} {Pick(female ? ArgentineCatalog.FemaleNames : ArgentineCatalog.MaleNames)}";
        if (Chance(50))
        {
            // AFIP's register spells people in capitals without accents: "GONZALEZ MARIA LAURA".
            name = WithoutAccents(name).ToUpperInvariant();
        }

        return (name, NextCuit(Chance(10) ? 23 : female ? 27 : 20));
    }

    private Cuit NextCuit(int prefix)
    {
        while (true)
        {
            var firstTen = prefix.ToString(CultureInfo.InvariantCulture) +
                (prefix >= 30 ? "7" + Digits(7) : _random.Next(10_000_000, 48_000_000).ToString(CultureInfo.InvariantCulture));
            if (Cuit.ComputeCheckDigit(firstTen) is { } check)
            {
                return Cuit.Parse(firstTen + check.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private string NextAddress()
    {
        var number = _random.Next(100, 5000).ToString(CultureInfo.InvariantCulture);
        var street = $"{Pick(ArgentineCatalog.Streets)} {number}";
        if (Chance(20))
        {
            street += $" Piso {_random.Next(1, 9)} Dpto {Pick("A", "B", "C", "D")}";
        }

        return $"{street} - {Pick(ArgentineCatalog.Cities)}";
    }

    private static string WithoutAccents(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private string Digits(int count)
    {
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = (char)('0' + _random.Next(10));
        }

        return new string(chars);
    }

    private bool Chance(int percent) => _random.Next(100) < percent;

    private T Pick<T>(params T[] items) => items[_random.Next(items.Length)];

    private T Weighted<T>(params (T Item, int Weight)[] items)
    {
        var roll = _random.Next(items.Sum(i => i.Weight));
        foreach (var (item, weight) in items)
        {
            if (roll < weight)
            {
                return item;
            }

            roll -= weight;
        }

        return items[^1].Item;
    }
}

/// <summary>What kind of invoices <see cref="InvoiceFaker"/> makes.</summary>
public enum InvoiceMix
{
    /// <summary>1 to 12 lines from 33 products: the original corpus, kept as is so that seeds keep their invoices.</summary>
    Classic,

    /// <summary>
    /// 2 to 30 lines (three in four with 10 or more) from a catalogue of about 60 products, and some long company names
    /// that wrap in a big header font: the mix of <see cref="InvoiceCorpus.Generate(int, string, string, InvoicePaging)"/>.
    /// </summary>
    Layouts,
}
