using System.Globalization;
using System.Text;
using MiniMarket.Agents.Ml.Ocr;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Agents.Tests.Ml.Ocr;

/// <summary>
/// Layouts other than AFIP's own, as the OCR gives them: rows that merge columns of the header, the issuer's name in big
/// letters over two lines without a label, details whose descriptions end in numbers, the quantity printed first.
/// </summary>
public class InvoiceLayoutTests
{
    private static readonly OcrTimingsDto NoTimings = new(0, 0, 0, 0, 0, 0, 1);

    /// <summary>
    /// Tesseract TSV from text rows: " || " separates columns (placed at 0, 700 and 1150 px, plus 12 px a leading space); a word starting with "^" is
    /// printed big (40 px), "#" bigger (80 px, the type letter); others are 22 px high, 12 px a character, 10 px apart.
    /// </summary>
    private static string Tsv(params string[] rows)
    {
        var tsv = new StringBuilder("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n");
        int[] columns = [0, 700, 1150];
        for (var r = 0; r < rows.Length; r++)
        {
            var word = 0;
            var parts = rows[r].Split(" || ");
            for (var c = 0; c < parts.Length; c++)
            {
                // Leading spaces indent the column's first word, a character's width each.
                var x = columns[Math.Min(c, columns.Length - 1)] + (parts[c].Length - parts[c].TrimStart(' ').Length) * 12;
                foreach (var raw in parts[c].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var height = raw.StartsWith('#') ? 80 : raw.StartsWith('^') ? 40 : 22;
                    var text = raw.TrimStart('#', '^');
                    var width = text.Length * (height == 22 ? 12 : 22);
                    tsv.Append(CultureInfo.InvariantCulture, $"5\t1\t1\t1\t{r + 1}\t{++word}\t{x}\t{r * 50}\t{width}\t{height}\t95.0\t{text}\n");
                    x += width + (height == 22 ? 10 : 16);
                }
            }
        }
        return tsv.ToString();
    }

    /// <summary>A detail row read from its text, or null when it is none.</summary>
    private static OcrLineDto? Row(string text) => InvoiceDetail.ParseRow(OcrPage.FromTsv(Tsv(text)).Lines[0]);

    private static OcrInvoiceDto Read(params string[] rows) =>
        InvoiceAssembler.Assemble([InvoiceFieldExtractor.Read(OcrPage.FromTsv(Tsv(rows)))], NoTimings);

    /// <summary>The layout a tester photographed: issuer | type box | invoice block, and a five-column detail.</summary>
    private static readonly string[] ThreeColumns =
    [
        "^Quilmes ^Cervecería ^y || #A || FACTURA",
        "^Maltería ^S.A. || COD. 01 || Punto de Venta: 00004 Comp. Nro: 00001234",
        "Av. 12 de Octubre 1200 - Quilmes || Fecha de Emisión: 10/11/2026",
        "IVA Responsable Inscripto || CUIT: 30-52743349-1",
        "Señor(es): Minimercado El Sol SRL || CUIT: 30-71234567-1",
        "Condición frente al IVA: Responsable Inscripto || Condición de venta: Contado",
        "Código Producto / Servicio Cantidad Precio Unit. Subtotal",
        "43766 Cerveza Rubia Lata 473ml 10 3.976,95 39.769,50",
        "01671 Galletitas de Agua 3x100g 1 9.775,39 9.775,39",
        "23264 Lavandina 2L 6 4.961,94 29.771,64",
        "49587 Jabón en Polvo 800g 24 4.657,74 111.785,76",
        "Importe Neto Gravado: $ 191.102,29",
        "IVA 21%: $ 40.131,48",
        "Importe Total: $ 231.233,77",
    ];

    [Fact]
    public void ThreeColumnHeader_EveryLineAndTheIssuerBlock()
    {
        var invoice = Read(ThreeColumns);

        Assert.Equal([39769.50m, 9775.39m, 29771.64m, 111785.76m], invoice.Lines.Select(l => l.Amount!.Value));
        Assert.Equal([10m, 1m, 6m, 24m], invoice.Lines.Select(l => l.Quantity!.Value));
        Assert.All(invoice.Lines, l => Assert.True(l.Confidence >= InvoiceDetail.Exact));
        Assert.Equal("Jabón en Polvo 800g", invoice.Lines[3].Description);
        Assert.Equal("49587", invoice.Lines[3].Code);
        Assert.Equal("Quilmes Cervecería y Maltería S.A.", invoice.Issuer.Name.Value);
        Assert.Equal("Responsable Inscripto", invoice.Issuer.IvaCondition.Value);
        Assert.Equal("Av. 12 de Octubre 1200 - Quilmes", invoice.Issuer.Address.Value);
        Assert.Equal("30-52743349-1", invoice.Issuer.Cuit.Value);
        Assert.DoesNotContain(invoice.Warnings, w => w.Code is "detalle_no_cierra" or "linea_dudosa");
    }

    /// <summary>
    /// Two passes of one page, each missing a different row (one garbled past repair, the other not seen): the rows one read
    /// and the other missed are put where they belong, and the detail closes with the subtotal.
    /// </summary>
    [Fact]
    public void TwoPassesEachMissingARow_TheDetailHasEveryRowInItsPlace()
    {
        var first = ThreeColumns.Select(l => l.StartsWith("01671 ", StringComparison.Ordinal) ? "01671 Galletitas de Agua 3x100g 1 9.77xx,39 9.7y5,39" : l).ToArray();
        var second = ThreeColumns.Where(l => !l.StartsWith("49587 ", StringComparison.Ordinal)).ToArray();
        var readings = new[] { InvoiceFieldExtractor.Read(OcrPage.FromTsv(Tsv(first))), InvoiceFieldExtractor.Read(OcrPage.FromTsv(Tsv(second))) };
        Assert.All(readings, r => Assert.Equal(3, r.Lines.Count));

        var invoice = InvoiceAssembler.Assemble(readings, NoTimings);

        Assert.Equal([39769.50m, 9775.39m, 29771.64m, 111785.76m], invoice.Lines.Select(l => l.Amount!.Value));
        Assert.All(invoice.Lines, l => Assert.True(l.Confidence >= InvoiceDetail.Exact));
        Assert.DoesNotContain(invoice.Warnings, w => w.Code is "detalle_no_cierra" or "linea_dudosa");
    }

    [Theory]
    [InlineData("10 Pack Agua Mineral x 12 1.500,00 15.000,00", null, "Pack Agua Mineral x 12", "10", "1500.00", "15000.00")]
    [InlineData("ALM001 Yerba mate 1 kg 10,00 unidades 2.500,00 0,00 25.000,00 21% 30.250,00", "ALM001", "Yerba mate 1 kg", "10.00", "2500.00", "25000.00")]
    [InlineData("99123 Fideos 500g 1.500 2,00 3.000,00", "99123", "Fideos 500g", "1500", "2.00", "3000.00")]
    [InlineData("777 Queso por kg 2,250 8.000,00 18.000,00", "777", "Queso por kg", "2.250", "8000.00", "18000.00")]
    [InlineData("555 Galletitas 3 1.000,00 10 2.700,00", "555", "Galletitas", "3", "1000.00", "2700.00")]
    public void Row_NumbersThatAddUp_AreQuantityPriceAndAmount(string row, string? code, string description, string quantity, string price, string amount)
    {
        var line = Row(row)!;

        Assert.Equal(code, line.Code);
        Assert.Equal(description, line.Description);
        AssertNumbers(line, quantity, price, amount);
        Assert.True(line.Confidence >= InvoiceDetail.Exact);
    }

    [Theory]
    [InlineData("32351 Yerba Mate 500 g 6,00 unidades 99149 0,00 5.948,94", "6.00", "991.49", "5948.94")]
    [InlineData("32351 Yerba Mate 500 g 600 unidades 991,49 0,00 5.948,94", "6.00", "991.49", "5948.94")]
    [InlineData("32351 Yerba Mate 500 g 6,00 unidades 991,49 0,00 594894", "6.00", "991.49", "5948.94")]
    public void Row_ADecimalCommaTheOcrLost_IsPutBackWhenTheRowThenAddsUp(string row, string quantity, string price, string amount)
    {
        var line = Row(row)!;

        AssertNumbers(line, quantity, price, amount);
        Assert.Equal(InvoiceDetail.Repaired, line.Confidence);
        Assert.Equal("Yerba Mate 500 g", line.Description);
    }

    [Theory]
    [InlineData("807111 Jabón en Polvo Ala 800 g 12/00 1.482,93 17.795,16", InvoiceDetail.Exact)]
    [InlineData("807111 Jabón en Polvo Ala 800 g 12/00 1.48293 17.795,16", InvoiceDetail.Repaired)]
    public void Row_ADecimalCommaReadAsASlash_IsTheQuantity(string row, double confidence)
    {
        var line = Row(row)!;

        AssertNumbers(line, "12.00", "1482.93", "17795.16");
        Assert.Equal("Jabón en Polvo Ala 800 g", line.Description);
        Assert.True(line.Confidence >= confidence);
    }

    [Theory]
    [InlineData("Queso 1/2 kg 1.482,93 17.795,16")]
    [InlineData("Pilas AA 18/08/2024 1.482,93 17.795,16")]
    public void Row_AFractionOrADate_IsNoQuantity(string row)
    {
        var line = Row(row)!;

        Assert.Null(line.Quantity);
        Assert.True(line.Confidence <= InvoiceDetail.Doubtful);
    }

    /// <summary>
    /// A row whose quantity is unreadable and whose price lost its comma: nothing adds up, yet it is a row of the detail —
    /// doubtful, with its amount and price, for the person to fix — not a line left out.
    /// </summary>
    [Fact]
    public void Row_AnUnreadableQuantityAndAPriceWithItsCommaLost_IsADoubtfulRow()
    {
        var line = Row("807111 Jabón en Polvo Ala 800 g 12/0O 1.48293 17.795,16")!;

        Assert.Equal(17795.16m, line.Amount);
        Assert.Equal(1482.93m, line.UnitPrice);
        Assert.True(line.Confidence <= InvoiceDetail.Doubtful);
    }

    [Theory]
    [InlineData("24,71 11249 - Nalga Vacuna o . 5.509,94 136.150,62", "24.71", "5509.94", "136150.62")]
    [InlineData("1,00 28144 Shampoo Sedal Ceramidas 340 ml 1.832,05 1.832,05", "1", "1832.05", "1832.05")]
    [InlineData("24,71|11249 - Nalga Vacuna 5.509,94| | 136.150,62", "24.71", "5509.94", "136150.62")]
    [InlineData("24,71:11249 Nalga Vacuna 5.509,94! 136.150,62", "24.71", "5509.94", "136150.62")]
    [InlineData("1,00/68621 Lavandina Ayudín 1 L 515,33) 515,33", "1", "515.33", "515.33")]
    [InlineData("\"48,00 ARTS125 Puré de Tomate Arcor 520 g 309,11 14.837,28", "48", "309.11", "14837.28")]
    public void Row_QuantityFirst_MarksOfTheGridAroundTheDescription(string row, string quantity, string price, string amount)
    {
        var line = Row(row)!;

        AssertNumbers(line, quantity, price, amount);
        Assert.True(line.Confidence >= InvoiceDetail.Exact);
    }

    [Fact]
    public void Row_QuantityFirstWithDecimals_TheDescriptionKeepsTheNumberItEndsIn()
    {
        var line = Row("1,00/68621 Lavandina Ayudín 1 L 515,33) 515,33")!;

        Assert.Equal(("68621", "Lavandina Ayudín 1 L"), (line.Code, line.Description));
    }

    [Theory]
    [InlineData("4,00 506664 Cerveza Andes Rubia Lata 473 ml 112,19 4.448,76", "4", "1112.19", "4448.76")]
    [InlineData("43766 Cerveza Rubia Lata 473ml 10 3.976,95 9.769,50", "10", "3976.95", "39769.50")]
    [InlineData("34456 Cebolla 9,29 393,554 3.655,99", "9.29", "393.54", "3655.99")]
    [InlineData("64805 Yogur Bebible Sancor Frutilla 1 L 12,000 673,136 8.080,32", "12", "673.36", "8080.32")]
    [InlineData("34457 Tomate Redondo 9,114 1.299,99 11.881,91", "9.14", "1299.99", "11881.91")]
    [InlineData("180478 Galletitas Criollitas 3 x 100 g 3,00 unidades 1.113,115 0,00 3.339,45", "3", "1113.15", "3339.45")]
    [InlineData("1,100 50112 Polenta Instantánea Presto Pronta 500 g 1.011,41 1.011,41", "1", "1011.41", "1011.41")]
    public void Row_OneNumberMisread_IsPutRightWhenTheRestAddsUp(string row, string quantity, string price, string amount)
    {
        var line = Row(row)!;

        AssertNumbers(line, quantity, price, amount);
        Assert.Equal(InvoiceDetail.Repaired, line.Confidence);
    }

    /// <summary>
    /// A weight whose decimal comma was lost ("1869" for 18,69) in a row whose price also has a digit too many ("910,119"):
    /// the lost comma is tried only once the quantity as read makes nothing add up, and one reading alone must add up.
    /// </summary>
    [Theory]
    [InlineData("427452 Pan Francés 1869 910,119 17.011,45", "18.69", "910.19", "17011.45")]
    [InlineData("427453 Queso Cremoso 2250 1.229,662 2.766,74", "2.25", "1229.66", "2766.74")]
    public void Row_WeightThatLostItsCommaAndAPriceWithADigitTooMany_IsPutRight(string row, string quantity, string price, string amount)
    {
        var line = Row(row)!;

        AssertNumbers(line, quantity, price, amount);
        Assert.Equal(InvoiceDetail.Repaired, line.Confidence);
    }

    /// <summary>
    /// A row whose quantity and price both lost their decimal comma ("1400 5.34429" for 14,00 and 5.344,29), or whose
    /// amount has a speck read as a minus sign ("-40.524,96"): quantity × price to the cent says which reading it is.
    /// </summary>
    [Theory]
    [InlineData("ART6146 Aceite de Oliva Extra Virgen 1400 5.34429 74.820,06", "14", "5344.29", "74820.06")]
    [InlineData("ART7256 Jabón en Polvo Ala 800 y 2400 2.17492 52.198,08", "24", "2174.92", "52198.08")]
    [InlineData("ART7703 Papas Fritas Lay's Clásicas 134 gy 24,00 1.688,54 -40.524,96", "24", "1688.54", "40524.96")]
    public void Row_TwoLostCommasOrASpeckForAMinus_IsPutRight(string row, string quantity, string price, string amount)
    {
        var line = Row(row)!;

        AssertNumbers(line, quantity, price, amount);
        Assert.Equal(InvoiceDetail.Repaired, line.Confidence);
    }

    /// <summary>A discount line printed negative adds up as read with its minus: it keeps it.</summary>
    [Fact]
    public void Row_ANegativeLineThatAddsUpAsRead_KeepsItsSign()
    {
        var line = Row("BONIF Bonificación especial 1 -1.000,00 -1.000,00")!;

        Assert.Equal(-1000m, line.Amount);
    }

    /// <summary>A row with one amount and a price that no reading repairs is kept as a doubtful line, not dropped.</summary>
    [Fact]
    public void Row_OneAmountAndAPriceWithADigitTooManyThatNothingRepairs_IsDoubtfulNotDropped()
    {
        var line = Row("427452 Pan Francés 1869 910,119 17.999,45")!;

        Assert.Equal(((decimal?)null, 17999.45m), (line.UnitPrice, line.Amount));
        Assert.Equal(("427452", "Pan Francés"), (line.Code, line.Description));
        Assert.True(line.Confidence <= InvoiceDetail.Doubtful);
    }

    /// <summary>
    /// Rows made of whatever the OCR can give — zero and negative amounts, the largest amount read, counts with three
    /// decimals, numbers glued by a rule, marks — are a row, a doubtful row or none, never an exception (the repairs
    /// divide by what was read); a row that adds up never has an amount above quantity × price.
    /// </summary>
    [Fact]
    public void Row_AnyTokens_NeverThrow()
    {
        string[] pool =
        [
            "0,00", "0", "-1.000,00", "9.999.999.999.999,99", "0,01", "9,114", "393,554", "1,00/68621", "24,71|11249", "515,33)",
            "\"6,10", "1.500", "12,00", "3", "21%", "100%", "$", "-", "Yerba", "g", "L", "99149", "000", "1.112,19", "4.448,76",
            "-40.524,96", "5.34429", "1869", "910,119", "0000",
        ];
        var random = new Random(15);
        for (var i = 0; i < 5_000; i++)
        {
            var row = string.Join(' ', Enumerable.Range(0, random.Next(1, 10)).Select(_ => pool[random.Next(pool.Length)]));
            var line = Row(row);
            if (line is { Quantity: { } q, UnitPrice: { } p, Amount: { } a } && line.Confidence >= InvoiceDetail.Repaired)
                Assert.True(a <= Math.Round(q * p, 2) + 0.01m, row); // a discount between price and amount only lowers it
        }
    }

    [Fact]
    public void Row_QuantityFirstWhosePriceWasLost_IsDoubtfulWithItsQuantityAndDescription()
    {
        var line = Row("39,00 452857 Galletitas Oreo 118g 08. 33.621,12")!;

        Assert.Equal((39m, (decimal?)null, 33621.12m), (line.Quantity, line.UnitPrice, line.Amount));
        Assert.Equal("452857", line.Code);
        Assert.StartsWith("Galletitas Oreo 118g", line.Description, StringComparison.Ordinal);
        Assert.True(line.Confidence <= InvoiceDetail.Doubtful);
    }

    /// <summary>A column of the IVA rate between the unit price and the net amount, the quantity before the price ("Alíc. IVA | Neto").</summary>
    [Theory]
    [InlineData("81923 Mayonesa Hellmann's 475 g 1,00 unidades 1.075,63 21% 1.075,63", "1", "1075.63", "1075.63", "21")]
    [InlineData("78069 Pan Lactal Bimbo Blanco 610 g 34,00 unidades 1.363,70 10,5% 46.365,80", "34", "1363.70", "46365.80", "10.5")]
    [InlineData("54788 Leche Entera La Serenísima 1 L 6,00 unidades 829,50 0% 4.977,00", "6", "829.50", "4977.00", "0")]
    public void Row_TheIvaRateBetweenPriceAndAmount_IsTheRate_NotADiscount(string row, string quantity, string price, string amount, string rate)
    {
        var line = Row(row)!;

        AssertNumbers(line, quantity, price, amount);
        Assert.Equal(decimal.Parse(rate, CultureInfo.InvariantCulture), line.IvaRatePercent);
        Assert.True(line.Confidence >= InvoiceDetail.Exact);
    }

    [Fact]
    public void Row_QuantityFirstWithTheIvaRateBetweenPriceAndAmount()
    {
        var line = Row("12 ALM001 Yerba Mate 1 kg 2.500,00 21% 30.000,00")!;

        Assert.Equal((12m, 2500m, 30000m, 21m), (line.Quantity, line.UnitPrice, line.Amount, line.IvaRatePercent));
        Assert.Equal("ALM001", line.Code);
        Assert.True(line.Confidence >= InvoiceDetail.Exact);
    }

    /// <summary>A row's quantity, unit price and amount, as invariant-culture decimals.</summary>
    private static void AssertNumbers(OcrLineDto line, string quantity, string price, string amount)
    {
        Assert.Equal(decimal.Parse(quantity, CultureInfo.InvariantCulture), line.Quantity);
        Assert.Equal(decimal.Parse(price, CultureInfo.InvariantCulture), line.UnitPrice);
        Assert.Equal(decimal.Parse(amount, CultureInfo.InvariantCulture), line.Amount);
    }

    [Fact]
    public void Row_NumbersThatDoNotAddUp_StayAsADoubtfulLine()
    {
        var line = Row("43766 Cerveza Rubia 10 3.976,95 39.789,50");

        Assert.NotNull(line);
        Assert.Equal(39789.50m, line.Amount);
        Assert.True(line.Confidence <= InvoiceDetail.Doubtful);
    }

    [Fact]
    public void Row_WithoutTwoAmounts_IsNoRow() =>
        Assert.Null(Row("Código Producto / Servicio Cantidad Precio Unit. Subtotal"));

    /// <summary>An ERP print: no "Razón Social", the number after "Número:", IVA and CAE labels abbreviated, totals in a band.</summary>
    private static readonly string[] ErpBand =
    [
        "^Lácteos ^La ^Pampa || #B || FACTURA",
        "^S ^.A. || Cód. 06 || Número: 00020-06051783",
        "Av. Libertador 1827 - CABA || Fecha: 03/08/2025",
        "Cond. IVA: Resp. Inscripto || C.U.I.T. N°: 30-52743349-1",
        "Señor(es): Minimercado El Sol SRL || Vto. CAE: 13/08/2025",
        "Forma de pago: Contado || C.A.E.: 71234567890123",
        "Cant. Código Artículo P. Unitario Importe",
        "10 43766 Cerveza Rubia Lata 473ml 3.976,95 39.769,50",
        "6 23264 Lavandina 2L 4.961,94 29.771,64",
        "Subtotal || Perc. IIBB 1,5% || TOTAL",
        "$ 69.541,14 || $ 1.043,12 || $ 70.584,26",
    ];

    [Fact]
    public void ErpPrint_LabelVariants_TotalsBandPairedByColumn_AndTheIssuerFromItsBigLetters()
    {
        var invoice = Read(ErpBand);

        Assert.Equal("B", invoice.Type.Value);
        Assert.Equal((20, 6051783), (invoice.PointOfSale.Value, invoice.Number.Value));
        Assert.True(invoice.Number.Confidence >= 0.9, "a number after its label is no free-floating guess");
        Assert.Equal(new DateOnly(2025, 8, 3), invoice.IssueDate.Value);
        Assert.Equal("30-52743349-1", invoice.Issuer.Cuit.Value);
        Assert.Equal("71234567890123", invoice.Cae.Value);
        Assert.Equal(new DateOnly(2025, 8, 13), invoice.CaeDueDate.Value);
        Assert.Equal("Lácteos La Pampa S.A.", invoice.Issuer.Name.Value);
        Assert.Equal("Responsable Inscripto", invoice.Issuer.IvaCondition.Value);
        Assert.Equal("Minimercado El Sol SRL", invoice.Receiver.Name.Value);
        Assert.Equal(69541.14m, invoice.Subtotal.Value);
        Assert.Equal(1043.12m, invoice.OtherTaxes.Value);
        Assert.Equal(70584.26m, invoice.Total.Value);
        Assert.True(invoice.Total.Confidence >= 0.95, "subtotal + perception = total");
        Assert.Equal([10m, 6m], invoice.Lines.Select(l => l.Quantity!.Value));
    }

    [Theory]
    [InlineData("CUTT N*: 33-76307315-2", true)]
    [InlineData("CUUT: 33-76307315-2", true)]
    // A label misread beyond recognition: the CUIT printed with its dashes and a valid check digit still marks where
    // the issuer's block ends (the number itself is then the QR's to give).
    [InlineData("CUFE: 33-76307315-2", false)]
    public void IssuerCuitLabelMisread_TheReceiversRazonSocialUnderItIsStillTheReceivers(string issuerCuit, bool labelRecognised)
    {
        var invoice = Read(
            "^Productos ^Alimenticios || FACTURA",
            "^Doña ^Cata ^S.R.L. || #B || Nro. 09932-53555519",
            "Av. Rivadavia 3606 - La Plata || Fecha: 15/08/2025",
            "IVA Resp. Inscripto",
            issuerCuit,
            "Razón Social: ACOSTA ROBERTO DANIEL",
            "CUIT N*: 20-33162488-9 || Condición frente al IVA: Monotributo",
            "Código Descripción Cantidad Precio Subtotal",
            "723818 Pan Lactal Bimbo Blanco 610 g 38,00 1.749,67 66.487,46",
            "Importe Total: $ 66.487,46");

        Assert.Equal("Productos Alimenticios Doña Cata S.R.L.", invoice.Issuer.Name.Value);
        if (labelRecognised) Assert.Equal("33-76307315-2", invoice.Issuer.Cuit.Value);
        Assert.Equal("Responsable Inscripto", invoice.Issuer.IvaCondition.Value);
        Assert.Equal("ACOSTA ROBERTO DANIEL", invoice.Receiver.Name.Value);
    }

    [Fact]
    public void IssuerCuit_OneThatAnotherPassReadInTheReceiversBox_IsNotTheIssuers()
    {
        // Two passes lost the issuer's CUIT and read the receiver's above its label, so as the first CUIT of the page.
        string[] lost =
        [
            .. ThreeColumns.Take(3),
            "IVA Responsable Inscripto",
            "CUIT: 30-71234567-1",
            "Señor(es): Minimercado El Sol SRL",
            .. ThreeColumns.Skip(5),
        ];
        IReadOnlyList<InvoiceReading> passes = [.. new[] { ThreeColumns, lost, lost }.Select(rows => InvoiceFieldExtractor.Read(OcrPage.FromTsv(Tsv(rows))))];

        var invoice = InvoiceAssembler.Assemble(passes, NoTimings);

        Assert.Equal("30-52743349-1", invoice.Issuer.Cuit.Value);
        Assert.Equal("30-71234567-1", invoice.Receiver.Cuit.Value);
    }

    [Theory]
    [InlineData("Ingresos Brutos: 30-78404669-5")]
    [InlineData("IIBB 30784046695")]
    [InlineData("1BB 30784046695")]
    [InlineData("A myre>w> Brutos: 30784046695")]
    public void IssuerCuitUnreadable_TheGrossIncomeNumberStandsInForIt_WithAWarning(string grossIncome)
    {
        var invoice = Read(
            "^Limpieza ^Total ^Distribuidora || #B || ORIGINAL",
            "^S.A. || Comprobante FACTURA B",
            "Sarmiento 2386 - Paraná || Número 00008-82802431",
            "a cur s078604s6ss",
            grossIncome,
            "Apellido y Nombre TORRES JORGE LUIS CUIT 23-10184853-1",
            "Cant. Código Artículo P. Unitario Importe",
            "6,00 11249 Sal Fina Celusal 500 g 308,25 1.849,50",
            "Sub Total $ 1.849,50");

        Assert.Equal("30-78404669-5", invoice.Issuer.Cuit.Value);
        Assert.True(invoice.Issuer.Cuit.Confidence <= 0.6, "a number standing in is for a person to check");
        Assert.Contains(invoice.Warnings, w => w.Code == "cuit_de_ingresos_brutos");
        Assert.Equal("23-10184853-1", invoice.Receiver.Cuit.Value);
    }

    [Fact]
    public void ErpGrid_BareIvaLabelIsTheIssuers_AndSenoresWithoutAColonStartsTheReceiver()
    {
        var invoice = Read(
            "^Distribuciones ^Mediterránea || #B || ORIGINAL",
            "^S.R.L. || Comprobante FACTURA B",
            "Av. Pellegrini 4827 - La Plata || Número 00009-00000857",
            "IVA Responsable Inseripto || CUIT 33-73209160-8",
            "Señor(es) Club Atlético Villa del Parque || CUIT 30-71545281-9",
            "Domicilio Av. Colón 4007 - Neuquén || Condición frente al IVA Sujeto Exento",
            "Cant. Código Artículo P. Unitario Importe",
            "6,00 11249 Sal Fina Celusal 500 g 308,25 1.849,50",
            "Sub Total $ 1.849,50");

        Assert.Equal("Responsable Inscripto", invoice.Issuer.IvaCondition.Value);
        Assert.Equal("Exento", invoice.Receiver.IvaCondition.Value);
        Assert.Equal("Club Atlético Villa del Parque", invoice.Receiver.Name.Value);
        Assert.Equal("33-73209160-8", invoice.Issuer.Cuit.Value);
    }

    [Theory]
    [InlineData("Percepción Ingresos Brutos 3,00 3.098,30")]
    [InlineData("Percepción Ingresos 3,00 3.098,30")]
    [InlineData("Perc. IIBB 3% $ 3.098,30")]
    [InlineData("Perc. 1IBB 3% $ 3.098,30")]
    [InlineData("Perc. 1188 3% $ 3.098,30")]
    public void TypeA_APerceptionLabelTheOcrMisread_StillAddsUpToTheTotal(string perception)
    {
        var invoice = Read(
            [
                .. ThreeColumns.Take(11),
                "Neto Gravado $ 191.102,29",
                "IVA 21% $ 40.131,48",
                perception,
                "Total $ 234.332,07",
            ]);

        Assert.Equal(3098.30m, invoice.OtherTaxes.Value);
        Assert.Equal(234332.07m, invoice.Total.Value);
        Assert.True(invoice.Total.Confidence >= 0.95, "net + IVA + perception = total");
    }

    /// <summary>
    /// AFIP's layout as Tesseract gave it: the issuer's CUIT in the right column read before the left column's "Razón
    /// Social", whose name is under it and shares its row with the start of activities' date. The name is the issuer's
    /// (the issuer's "Domicilio Comercial" follows it, the receiver's own label comes later), without the date.
    /// </summary>
    [Fact]
    public void AfipHeader_RazonSocialAfterTheIssuersCuit_IsTheIssuers_AndEndsWhereTheNextColumnBegins()
    {
        var invoice = Read(
            "ORIGINAL",
            "^DISTRIBUIDORA || #A || FACTURA",
            "MAYORISTA DE || COD. 01 || Punto de Venta: 00017 Comp. Nro: 49621884",
            "GOLOSINAS LA || || Fecha de Emisión: 01/10/2026",
            "GOLONDRINA || || CUIT: 30-70593806-3",
            " || || Ingresos Brutos: 079-224796-8",
            "Razón Social: || || Fecha de Inicio de Actividades:",
            "Distribuidora Mayorista de Golosinas La || || 07/02/2018",
            "Golondrina S.R.L.",
            "Domicilio Comercial:",
            "Av. San Martín 600 - La Plata, Buenos Aires",
            "Condición frente al IVA: IVA Responsable Inscripto",
            "CUIT: 20-12345678-6 || Apellido y Nombre / Razón Social: HERRERA CARLOS ALBERTO");

        Assert.Equal("Distribuidora Mayorista de Golosinas La Golondrina S.R.L.", invoice.Issuer.Name.Value);
        Assert.Equal("30-70593806-3", invoice.Issuer.Cuit.Value);
    }

    [Fact]
    public void LabelledName_UnderItsLabel_WrappedOntoTheLineAfter()
    {
        var invoice = Read(
            "ORIGINAL",
            "^Distribuidora ^Mayorista || #B || FACTURA",
            "Razón Social: || CUIT: 33-74431869-1",
            "Distribuidora Mayorista de Golosinas La || Ingresos Brutos: 377-012878-5",
            "Golondrina S.R.L. || Fecha de Inicio de Actividades: 22/09/2017",
            "Domicilio Comercial: || Fecha de Emisión: 17/02/2025",
            "Av. Belgrano 1200 - Córdoba");

        Assert.Equal("Distribuidora Mayorista de Golosinas La Golondrina S.R.L.", invoice.Issuer.Name.Value);
        Assert.Equal("33-74431869-1", invoice.Issuer.Cuit.Value);
    }

    /// <summary>Words at the places Tesseract gave them for a name in large type over two rows (left, width, height).</summary>
    private static OcrLine Placed(int top, params (string Text, int Left, int Width, int Height)[] words) =>
        new([.. words.Select(w => new OcrWord(w.Text, 0.95, w.Left, top, w.Width, w.Height))]);

    [Fact]
    public void UnlabelledName_AWordInLargeTypeSplitByTheOcr_IsJoined_AConjunctionCloseByIsNot()
    {
        OcrLine[] body = [.. Enumerable.Range(0, 6).Select(i => Placed(300 + i * 40, ("Av.", 110, 40, 27), ("Mitre", 160, 80, 27), ("240", 250, 50, 27)))];
        var split = new OcrPage([
            Placed(40, ("HERRERA", 116, 417, 59), ("CARLOS", 566, 350, 61), ("C", 1038, 63, 77), ("FACTURA", 1221, 318, 48)),
            Placed(110, ("ALB", 110, 167, 59), ("E", 290, 41, 59), ("RTO", 344, 174, 62)),
            .. body,
        ]);
        var conjunction = new OcrPage([
            Placed(40, ("Frigorífico", 117, 337, 64), ("y", 462, 16, 50), ("Chacinados", 486, 376, 51), ("A", 1027, 55, 60), ("FACTURA", 1186, 298, 49)),
            Placed(110, ("San", 116, 117, 50), ("Javier", 254, 196, 64), ("S.A.", 474, 124, 50)),
            .. body,
        ]);

        Assert.Equal("HERRERA CARLOS ALBERTO", InvoiceFieldExtractor.Read(split).UnlabelledIssuerNames[0].Value);
        Assert.Equal("Frigorífico y Chacinados San Javier S.A.", InvoiceFieldExtractor.Read(conjunction).UnlabelledIssuerNames[0].Value);
    }

    /// <summary>
    /// As Tesseract placed them: a legal form on the name's second row a wide space from the word before it ("Grande" ...
    /// "S.A."), a legal form it read unsure of as "Ss A,", and an "i" read as "¡" in a word it split ("Dan ¡el").
    /// </summary>
    [Fact]
    public void UnlabelledName_ALegalFormApartOrUnsure_AndAnIReadAsAnExclamationMark_StayInTheName()
    {
        OcrLine[] body = [.. Enumerable.Range(0, 6).Select(i => Placed(400 + i * 40, ("Av.", 110, 40, 27), ("Mitre", 160, 80, 27), ("240", 250, 50, 27)))];
        var apart = new OcrPage([
            Placed(166, ("Mayorista", 147, 392, 69), ("Norte", 576, 219, 55), ("A", 970, 76, 74), ("FACTURA", 1154, 305, 46)),
            Placed(238, ("N2", 1152, 44, 26), ("00005-00059376", 1213, 326, 26)),
            Placed(252, ("Grande", 144, 238, 57), ("S.A.", 468, 151, 57), ("Fecha:", 1152, 126, 27), ("09/08/2025", 1296, 215, 30)),
            .. body,
        ]);
        var unsure = new OcrPage([
            Placed(163, ("Distribuidora", 105, 412, 44), ("Los", 546, 103, 42), ("Andes", 673, 195, 44), ("FACTURA", 1167, 279, 41)),
            new([new OcrWord("Ss", 0.61, 103, 232, 35, 52), new OcrWord("A,", 0.13, 146, 237, 76, 43), new OcrWord("A", 0.96, 981, 199, 88, 86),
                new OcrWord("Número:", 0.93, 1165, 236, 147, 26)]),
            .. body,
        ]);
        var exclamation = new OcrPage([
            Placed(160, ("Rodríguez", 110, 380, 60), ("Roberto", 520, 300, 60), ("FACTURA", 1154, 305, 46)),
            Placed(230, ("Da", 112, 100, 60), ("n", 222, 40, 60), ("¡el", 268, 90, 60), ("Fecha:", 1152, 126, 27)),
            .. body,
        ]);

        Assert.Equal("Mayorista Norte Grande S.A.", InvoiceFieldExtractor.Read(apart).UnlabelledIssuerNames[0].Value);
        Assert.Equal("Distribuidora Los Andes S.A.", InvoiceFieldExtractor.Read(unsure).UnlabelledIssuerNames[0].Value);
        Assert.Equal("Rodríguez Roberto Daniel", InvoiceFieldExtractor.Read(exclamation).UnlabelledIssuerNames[0].Value);
    }

    [Fact]
    public void UnlabelledName_AnIvaConditionInLargeType_IsNoName()
    {
        var invoice = Read(
            "ORIGINAL",
            "^e ^Responsable ^Inscripto || #A || FACTURA",
            "^Bebidas ^Cuyanas ^S.A. || Nro. 00016-00000027",
            "San Martín 1200 - Mendoza || Fecha Emisión: 24/09/2026",
            "C.U.I.T.: 30-52743349-1");

        Assert.Equal("Bebidas Cuyanas S.A.", invoice.Issuer.Name.Value);
    }

    [Fact]
    public void UnlabelledName_TheAddressUnderItInTallLetters_IsNoPartOfIt()
    {
        var invoice = Read(
            "DUPLICADO",
            "^BENITEZ ^MARTIN || #C || FACTURA",
            "^Av. ^Hipólito ^Yrigoyen ^3833 ^- ^Lanús, ^Buenos || Nro. 00001-00482076",
            "Aires || Fecha Emisión: 24/09/2026",
            "IVA: Responsable Monotributo",
            "C.U.I.T.: 20313199690");

        Assert.Equal("BENITEZ MARTIN", invoice.Issuer.Name.Value);
    }

    [Fact]
    public void LabelledName_StopsAtTheNextColumn_AndALabelWithItsValueUnderIt()
    {
        var invoice = Read(
            "ORIGINAL",
            "Razón Social: Mayorista del Sur S.R.L. || COD. 06 || FACTURA B",
            "Domicilio Comercial: Mitre 240 - Rosario || Punto de Venta: 00010 Comp. Nro: 00000480",
            "Ingresos Brutos: 901-123456-7 || Fecha de Inicio de Actividades:",
            "Condición frente al IVA: || 24/02/2015",
            "Responsable Inscripto",
            "CUIT: 30-52743349-1 || Fecha de Emisión: 10/11/2026");

        Assert.Equal("Mayorista del Sur S.R.L.", invoice.Issuer.Name.Value);
        Assert.Equal("Mitre 240 - Rosario", invoice.Issuer.Address.Value);
        Assert.Equal("Responsable Inscripto", invoice.Issuer.IvaCondition.Value);
        Assert.Equal((10, 480), (invoice.PointOfSale.Value, invoice.Number.Value));
    }

    [Fact]
    public void Detail_OneAmountMisread_RepairedFromTheSubtotalWhenQuantityTimesPriceAgrees()
    {
        var rows = ThreeColumns.Select(r => r.Replace("29.771,64", "29.771,84", StringComparison.Ordinal)).ToArray();

        var invoice = Read(rows);

        Assert.Equal(29771.64m, invoice.Lines[2].Amount);
        Assert.Contains(invoice.Warnings, w => w.Code == "linea_reparada" && w.Field == "lines[2]");
        Assert.DoesNotContain(invoice.Warnings, w => w.Code == "detalle_no_cierra");
    }

    /// <summary>
    /// One row repaired (its price lost its comma; quantity × price gives its amount) and another row no pass read: the
    /// subtotal's difference is the lost row's, not the repaired one's — the repaired row keeps its amount and the detail
    /// says it does not close, instead of closing with a row whose quantity × price no longer gives its amount.
    /// </summary>
    [Fact]
    public void Detail_ARowLostBesideARepairedOne_TheRepairedRowKeepsItsAmountAndTheDetailDoesNotClose()
    {
        var rows = ThreeColumns.Where(r => !r.StartsWith("01671 ", StringComparison.Ordinal))
            .Select(r => r.Replace("4.961,94", "496194", StringComparison.Ordinal)).ToArray();

        var invoice = Read(rows);

        Assert.Equal([39769.50m, 29771.64m, 111785.76m], invoice.Lines.Select(l => l.Amount!.Value));
        Assert.All(invoice.Lines, l => Assert.Equal(Math.Round(l.Quantity!.Value * l.UnitPrice!.Value, 2), l.Amount));
        Assert.Contains(invoice.Warnings, w => w.Code == "detalle_no_cierra");
    }

    [Fact]
    public void Detail_ADescriptionWrappedInItsColumnJoinsItsRow_ANoteAtTheMarginDoesNot()
    {
        string[] rows =
        [
            .. ThreeColumns.Take(8),
            "      Pack x 6 retornable",
            .. ThreeColumns.Skip(8).Take(3),
            "Régimen de Transparencia Fiscal al Consumidor",
            .. ThreeColumns.Skip(11),
        ];

        var invoice = Read(rows);

        Assert.Equal("Cerveza Rubia Lata 473ml Pack x 6 retornable", invoice.Lines[0].Description);
        Assert.Equal("Jabón en Polvo 800g", invoice.Lines[3].Description);
    }

    [Fact]
    public void Detail_ARowDoubtfulInOnePass_TakenFromAPassThatRepairedIt()
    {
        var doubtful = ThreeColumns.Select(r => r.Replace("4.961,94", "4.961,04", StringComparison.Ordinal)).ToArray();
        var repaired = ThreeColumns.Select(r => r.Replace("4.961,94", "496194", StringComparison.Ordinal)).ToArray();

        var invoice = InvoiceAssembler.Assemble(
            [InvoiceFieldExtractor.Read(OcrPage.FromTsv(Tsv(doubtful))), InvoiceFieldExtractor.Read(OcrPage.FromTsv(Tsv(repaired)))], NoTimings);

        Assert.Equal(4961.94m, invoice.Lines[2].UnitPrice);
        Assert.Equal(InvoiceDetail.Repaired, invoice.Lines[2].Confidence);
        Assert.DoesNotContain(invoice.Warnings, w => w.Code == "linea_dudosa");
    }

    [Fact]
    public void Detail_ARowDoubtfulInOnePass_TakenByItsAmountFromAPassThatReadFewerRows()
    {
        var doubtful = ThreeColumns.Select(r => r.Replace("4.961,94", "4.961,04", StringComparison.Ordinal)).ToArray();
        var fewer = ThreeColumns.Where(r => !r.StartsWith("01671", StringComparison.Ordinal)).ToArray();

        var invoice = InvoiceAssembler.Assemble(
            [InvoiceFieldExtractor.Read(OcrPage.FromTsv(Tsv(doubtful))), InvoiceFieldExtractor.Read(OcrPage.FromTsv(Tsv(fewer)))], NoTimings);

        Assert.Equal(4, invoice.Lines.Count);
        Assert.Equal(4961.94m, invoice.Lines[2].UnitPrice);
        Assert.DoesNotContain(invoice.Warnings, w => w.Code is "linea_dudosa" or "detalle_no_cierra");
    }

    [Theory]
    [InlineData("Importe Neto || IVA 21% || Importe Total")]
    [InlineData("p Importe Neto || IVA 21% || Importe Total")]
    [InlineData("[ Importe Neto || IVA 21% || Importe Total")]
    public void TotalsBand_ASpeckBeforeItsLabels_StillPairsThemWithTheAmountsUnder(string labels)
    {
        var invoice = Read([.. ThreeColumns.Take(11), labels, "$ 191.102,29 || $ 40.131,48 || $ 231.233,77"]);

        Assert.Equal(191102.29m, invoice.Subtotal.Value);
        Assert.Equal(231233.77m, invoice.Total.Value);
        Assert.True(invoice.Total.Confidence >= 0.95, "net + IVA = total");
    }

    /// <summary>
    /// A photograph's edge or dirt read as a lone letter at the end of the band's rows ("Total É", "$ 61.047,64 É") or on
    /// a row of its own between them ("+", "b"): specks, the amounts still pair with their labels; beside the amounts, a
    /// letter that may be a misread digit ("B" for 8) still breaks the row, and so does a digit on its own row.
    /// </summary>
    [Theory]
    [InlineData("É", true, false)]
    [InlineData("E", true, false)]
    [InlineData("B", false, false)]
    [InlineData("+", true, true)]
    [InlineData("b", true, true)]
    [InlineData("5", false, true)]
    public void TotalsBand_ALoneLetterAtThePhotographsEdge_IsASpeck(string speck, bool paired, bool ownRow)
    {
        string[] band = ownRow
            ? ["Importe Neto || IVA 21% || Importe Total", speck, "$ 191.102,29 || $ 40.131,48 || $ 231.233,77"]
            : [$"Importe Neto || IVA 21% || Importe Total {speck}", $"$ 191.102,29 || $ 40.131,48 || $ 231.233,77 {speck}"];
        var invoice = Read([.. ThreeColumns.Take(11), .. band]);

        Assert.Equal(paired ? 231233.77m : null, invoice.Total.Value);
        Assert.Equal(paired ? 191102.29m : null, invoice.Subtotal.Value);
    }

    /// <summary>
    /// The band of a photographed ERP invoice as Tesseract read it: a bare "Total" last on its row but for the photograph's
    /// edge ("] É"), a speck on a row of its own, and the amounts' row ending in the edge too.
    /// </summary>
    [Fact]
    public void TotalsBand_ABareTotalBeforeThePhotographsEdge_IsTheTotalsLabel()
    {
        var invoice = Read([.. ThreeColumns.Take(11), "Subtotal ' IVA 21,00% ' Imp. Internos 14% Total ] É", "+", "$ 191.102,29 $ 40.131,48 $ 0,00 | $ 231.233,77 | É"]);

        Assert.Equal(191102.29m, invoice.Subtotal.Value);
        Assert.Equal(231233.77m, invoice.Total.Value);
    }

    [Theory]
    [InlineData("Punto de Venta: 00004 Comp. Nro: 00001234")]
    [InlineData("Número: 00004-00001234")]
    [InlineData("Número: 00004-==001234")]
    public void Number_ARunOfZerosAPhotographSmearedIntoEquals_IsZeros(string number)
    {
        var invoice = Read([.. ThreeColumns.Select(r => r.Replace("Punto de Venta: 00004 Comp. Nro: 00001234", number, StringComparison.Ordinal))]);

        Assert.Equal((4, 1234), (invoice.PointOfSale.Value, invoice.Number.Value));
    }

    /// <summary>
    /// A band of four totals whose IVA amount lost its decimal comma ("$40.13148"), as Tesseract read it at low resolution:
    /// still a band (the lost comma is a guess the arithmetic confirms), and its amounts are never read as a detail row.
    /// </summary>
    [Fact]
    public void TotalsBand_AnAmountThatLostItsComma_IsStillTheBand_NotARow()
    {
        var invoice = Read([.. ThreeColumns.Take(11), "Importe Neto IVA 21% IVA 10,5% TOTAL", "$ 191.102,29 $40.13148 $0,00 $231.233,77"]);

        Assert.Equal(191102.29m, invoice.Subtotal.Value);
        Assert.Equal(231233.77m, invoice.Total.Value);
        Assert.Equal([39769.50m, 9775.39m, 29771.64m, 111785.76m], invoice.Lines.Select(l => l.Amount!.Value));
    }

    [Fact]
    public void IssueDate_PassesThatDisagreeOnADigit_TheOneTenDaysBeforeTheCaeDueDateWins()
    {
        string[] Page(string issued) => [.. ThreeColumns.Select(r => r.Replace("10/11/2026", issued, StringComparison.Ordinal)), "C.A.E. N°: 76157828994133 Fecha de Vto. de CAE: 15/11/2026"];
        IReadOnlyList<InvoiceReading> passes = [.. new[] { "03/11/2026", "03/11/2026", "05/11/2026" }.Select(d => InvoiceFieldExtractor.Read(OcrPage.FromTsv(Tsv(Page(d)))))];

        var invoice = InvoiceAssembler.Assemble(passes, NoTimings);

        Assert.Equal(new DateOnly(2026, 11, 15), invoice.CaeDueDate.Value);
        Assert.Equal(new DateOnly(2026, 11, 5), invoice.IssueDate.Value);
    }

    [Fact]
    public void Detail_AnAmountColumnReadApartUnderItsHeader_IsNoBandOfTotals()
    {
        string[] rows =
        [
            .. ThreeColumns.Take(6),
            "Código Producto / Servicio Cantidad Precio Unit.",
            "43766 Cerveza Rubia Lata 473ml 10 3.976,95",
            "01671 Galletitas de Agua 3x100g 1 9.775,39",
            "Total",
            "$ 39.769,50",
            "$ 9.775,39",
            "Importe Neto Gravado: $ 49.544,89",
            "IVA 21%: $ 10.404,43",
        ];

        // The page's own total was not read (a pass that lost it): the first row's amount is no total either.
        var invoice = Read(rows);

        Assert.NotEqual(39769.50m, invoice.Total.Value);
    }

    [Fact]
    public void Detail_ThirtyLines_EveryOneRead()
    {
        var rows = ThreeColumns.Take(7).ToList();
        decimal net = 0;
        for (var i = 1; i <= 30; i++)
        {
            var amount = i * 1000.50m;
            net += amount;
            rows.Add(string.Create(CultureInfo.GetCultureInfo("es-AR"), $"{10000 + i} Producto número {i} 500g {i} 1.000,50 {amount:#,##0.00}"));
        }
        rows.Add(string.Create(CultureInfo.GetCultureInfo("es-AR"), $"Importe Neto Gravado: $ {net:#,##0.00}"));

        var invoice = Read([.. rows]);

        Assert.Equal(30, invoice.Lines.Count);
        Assert.All(invoice.Lines, l => Assert.True(l.Confidence >= InvoiceDetail.Exact, l.Description));
    }

    /// <summary>
    /// Tesseract's words for the header of a rotated three-column invoice (the corpus' 0007-00000475): it put the type box's
    /// "Código N* 01", printed under the letter, in the row of the name's second line. Words wholly below the name's are
    /// another printed line: the name goes on with "Avellaneda Hnos. S.R.L." instead of stopping at "Distribuidora".
    /// </summary>
    private static readonly string[] RotatedThreeColumnHeader =
    [
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
        "5\t1\t1\t1\t1\t1\t1786\t188\t148\t20\t96\tDUPLICADO",
        "5\t1\t1\t1\t2\t1\t186\t248\t393\t48\t96\tDistribuidora",
        "5\t1\t1\t1\t2\t2\t979\t270\t58\t63\t94\tA",
        "5\t1\t1\t1\t2\t3\t1122\t248\t242\t40\t96\tFACTURA",
        "5\t1\t1\t1\t3\t1\t1120\t317\t62\t23\t93\tNro.",
        "5\t1\t1\t1\t3\t2\t1195\t316\t232\t24\t92\t0007-00000475",
        "5\t1\t1\t1\t4\t1\t182\t321\t184\t73\t92\tAvella",
        "5\t1\t1\t1\t4\t2\t375\t325\t142\t47\t93\tneda",
        "5\t1\t1\t1\t4\t3\t544\t326\t37\t45\t93\tH",
        "5\t1\t1\t1\t4\t4\t589\t332\t120\t61\t96\tnos.",
        "5\t1\t1\t1\t4\t5\t736\t326\t32\t46\t85\tS",
        "5\t1\t1\t1\t4\t6\t777\t359\t10\t12\t67\t.",
        "5\t1\t1\t1\t4\t7\t797\t326\t53\t45\t86\tR.",
        "5\t1\t1\t1\t4\t8\t860\t326\t46\t45\t92\tL.",
        "5\t1\t1\t1\t4\t9\t933\t378\t79\t23\t93\tCódigo",
        "5\t1\t1\t1\t4\t10\t1021\t379\t24\t17\t33\tN*",
        "5\t1\t1\t1\t4\t11\t1055\t379\t27\t18\t96\t01",
        "5\t1\t1\t1\t4\t12\t1120\t359\t88\t24\t96\tFecha",
        "5\t1\t1\t1\t4\t13\t1221\t358\t126\t25\t96\tEmisión:",
        "5\t1\t1\t1\t4\t14\t1361\t359\t166\t25\t96\t12/12/2026",
        "5\t1\t1\t1\t5\t1\t184\t406\t93\t24\t96\tLavalle",
        "5\t1\t1\t1\t5\t2\t289\t406\t65\t24\t93\t3384",
        "5\t1\t1\t1\t5\t3\t365\t419\t7\t3\t92\t-",
        "5\t1\t1\t1\t5\t4\t383\t406\t47\t24\t96\tSan",
        "5\t1\t1\t1\t5\t5\t442\t406\t86\t29\t96\tMiguel",
        "5\t1\t1\t1\t5\t6\t540\t406\t32\t24\t96\tde",
        "5\t1\t1\t1\t5\t7\t581\t405\t132\t26\t96\tTucumán,",
        "5\t1\t1\t1\t5\t8\t724\t405\t123\t24\t95\tTucumán",
        "5\t1\t1\t1\t5\t9\t1120\t402\t69\t23\t33\t1IBB:",
        "5\t1\t1\t1\t5\t10\t1202\t402\t189\t24\t92\t047-095449-3",
        "5\t1\t1\t1\t6\t1\t183\t449\t84\t24\t96\tCond.",
        "5\t1\t1\t1\t6\t2\t281\t449\t59\t23\t94\tIVA:",
        "5\t1\t1\t1\t6\t3\t353\t449\t70\t29\t96\tResp.",
        "5\t1\t1\t1\t6\t4\t436\t450\t115\t28\t96\tInscripto",
        "5\t1\t1\t1\t6\t5\t1120\t445\t81\t24\t96\tInicio",
        "5\t1\t1\t1\t6\t6\t1212\t445\t36\t24\t96\tde",
        "5\t1\t1\t1\t6\t7\t1259\t444\t187\t25\t96\tActividades:",
        "5\t1\t1\t1\t6\t8\t1459\t445\t153\t25\t96\t22/09/2017",
        "5\t1\t1\t1\t7\t1\t183\t492\t70\t24\t90\tCUIT",
        "5\t1\t1\t1\t7\t2\t264\t492\t43\t23\t72\tN*:",
        "5\t1\t1\t1\t7\t3\t321\t492\t206\t23\t96\t30-72090168-0",
        "5\t1\t1\t1\t8\t1\t183\t596\t158\t27\t92\tSeñor(es):",
        "5\t1\t1\t1\t8\t2\t354\t597\t85\t23\t96\tPEREZ",
        "5\t1\t1\t1\t8\t3\t450\t596\t106\t24\t96\tCARLOS",
        "5\t1\t1\t1\t8\t4\t566\t596\t124\t24\t96\tALBERTO",
        "5\t1\t1\t1\t9\t1\t183\t639\t70\t24\t91\tCUIT",
        "5\t1\t1\t1\t9\t2\t264\t639\t43\t24\t82\tN*:",
        "5\t1\t1\t1\t9\t3\t321\t639\t205\t24\t96\t20-24740948-4",
        "5\t1\t1\t1\t9\t4\t1051\t637\t147\t25\t95\tCondición",
        "5\t1\t1\t1\t9\t5\t1210\t638\t93\t24\t96\tfrente",
        "5\t1\t1\t1\t9\t6\t1315\t638\t25\t24\t96\tal",
        "5\t1\t1\t1\t9\t7\t1353\t639\t58\t23\t95\tIVA:",
        "5\t1\t1\t1\t9\t8\t1425\t639\t70\t28\t96\tResp.",
        "5\t1\t1\t1\t9\t9\t1507\t640\t116\t27\t96\tInscripto",
        "5\t1\t1\t1\t10\t1\t184\t682\t146\t24\t96\tDomicilio:",
        "5\t1\t1\t1\t10\t2\t343\t682\t109\t24\t96\tGuemes",
        "5\t1\t1\t1\t10\t3\t464\t682\t65\t24\t93\t3829",
        "5\t1\t1\t1\t10\t4\t541\t695\t6\t3\t93\t-",
        "5\t1\t1\t1\t10\t5\t558\t682\t116\t27\t96\tQuilmes,",
        "5\t1\t1\t1\t10\t6\t686\t682\t97\t23\t96\tBuenos",
        "5\t1\t1\t1\t10\t7\t792\t683\t67\t22\t85\tAires",
        "5\t1\t1\t1\t11\t1\t184\t725\t93\t24\t96\tForma",
        "5\t1\t1\t1\t11\t2\t289\t725\t37\t24\t96\tde",
        "5\t1\t1\t1\t11\t3\t338\t730\t83\t25\t96\tpago:",
        "5\t1\t1\t1\t11\t4\t434\t725\t110\t24\t96\tContado",
        "5\t1\t1\t1\t12\t1\t180\t826\t104\t39\t96\tCódigo",
        "5\t1\t1\t1\t12\t2\t722\t831\t136\t24\t93\tProducto",
        "5\t1\t1\t1\t12\t3\t868\t832\t9\t25\t93\t/",
        "5\t1\t1\t1\t12\t4\t889\t831\t121\t24\t96\tServicio",
        "5\t1\t1\t1\t12\t5\t1447\t831\t135\t24\t95\tCantidad",
        "5\t1\t1\t1\t12\t6\t1628\t812\t94\t62\t13\to",
        "5\t1\t1\t1\t12\t7\t1779\t830\t127\t24\t96\tSubtotal",
        "5\t1\t1\t1\t13\t1\t175\t909\t82\t24\t83\t78254",
        "5\t1\t1\t1\t13\t2\t310\t909\t83\t27\t93\tQueso",
        "5\t1\t1\t1\t13\t3\t404\t910\t98\t23\t92\tRallado",
        "5\t1\t1\t1\t13\t4\t513\t910\t143\t29\t89\tReggianito",
        "5\t1\t1\t1\t13\t5\t667\t910\t27\t23\t96\tLa",
        "5\t1\t1\t1\t13\t6\t706\t910\t96\t23\t96\tPaulina",
        "5\t1\t1\t1\t13\t7\t815\t909\t48\t24\t93\t150",
        "5\t1\t1\t1\t13\t8\t873\t915\t14\t23\t89\tg",
        "5\t1\t1\t1\t13\t9\t1515\t909\t73\t25\t95\t12,00",
        "5\t1\t1\t1\t13\t10\t1622\t909\t116\t25\t85\t2.866,62",
        "5\t1\t1\t1\t13\t11\t1791\t909\t134\t25\t89\t34.399,44",
    ];

    [Fact]
    public void NameSecondLine_WithTheTypeBoxCodeJoinedToItsRow_StillContinuesTheName()
    {
        var tsv = string.Join('\n', RotatedThreeColumnHeader).Replace("\\t", "\t", StringComparison.Ordinal) + "\n";
        var invoice = InvoiceAssembler.Assemble([InvoiceFieldExtractor.Read(OcrPage.FromTsv(tsv))], NoTimings);

        Assert.Equal("Distribuidora Avellaneda Hnos. S.R.L.", invoice.Issuer.Name.Value);
    }

    /// <summary>
    /// A page from words placed by hand, as Tesseract boxes them (like <see cref="Placed"/>, a row's words at their own
    /// tops): each row is "text:left:top:height" words (a word's width is 0.6 of its height a character), conf 95 unless
    /// given as a fifth part.
    /// </summary>
    private static OcrPage PageOf(params string[] rows) => new([.. rows.Select(row => new OcrLine([.. row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word =>
    {
        var parts = word.Split(':');
        var (left, top, height) = (int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture));
        var confidence = parts.Length > 4 ? int.Parse(parts[4], CultureInfo.InvariantCulture) / 100.0 : 0.95;
        return new OcrWord(parts[0], confidence, left, top, Math.Max(8, parts[0].Length * height * 6 / 10), height);
    })]))]);

    /// <summary>The issuer's name read from a page placed by hand (<see cref="PageOf"/>).</summary>
    private static string? IssuerNameOf(params string[] rows) =>
        InvoiceAssembler.Assemble([InvoiceFieldExtractor.Read(PageOf(rows))], NoTimings).Issuer.Name.Value;

    /// <summary>The issuer block's text under the header, in body type (27 px), so that the page's median is the body's.</summary>
    private static readonly string[] BodyRows =
    [
        "Av.:283:359:27 Rivadavia:350:359:27 578:523:361:27 -:600:361:27 Mar:640:361:27 del:720:361:27 Plata:800:361:27 Fecha:1128:366:28 Emisión:1247:367:28 05/06/2026:1411:369:28",
        "IVA:285:446:26 Responsable:353:446:27 Inscripto:600:447:27 Ingresos:1129:446:27 Brutos:1296:446:27 290-689842-9:1440:446:27",
        "CUIT:284:488:27 30-77285676-4:451:490:27 Inicio:1130:490:27 de:1248:490:27 Actividades:1304:490:27 24/08/1999:1532:490:27",
        "Razón:286:595:27 Social:390:597:27 Minimarket:494:597:27 Los:690:600:27 Hermanos:757:600:27 S.R.L.:935:601:27",
    ];

    [Fact]
    public void UnlabelledName_ABoxEdgeBetweenItAndTheTypeLetter_SeparatesThem()
    {
        // A photograph: the type box's left edge read as "|" right after the name, the letter and its code glued to it.
        var name = IssuerNameOf([
            "Frigorífico:285:244:46 y:569:256:37 Chacinados:615:248:39 |:855:250:46 A:895:274:60 1:945:250:32 FACTURA:1128:258:45",
            "San:285:298:37 Javier:393:300:44 S.A.:563:301:37 N°:1127:325:26 09561-00000051:1180:325:29",
            .. BodyRows]);

        Assert.Equal("Frigorífico y Chacinados San Javier S.A.", name);
    }

    [Fact]
    public void UnlabelledName_ACapitalIReadAsABar_IsALetterOfTheName()
    {
        // Low resolution: "RUIZ SILVIA / BEATRIZ" in capitals, its "I" read as "|" between "B E ATR" and "Z".
        var name = IssuerNameOf([
            "RUIZ:112:191:57 SILVIA:315:190:58 C:1011:206:76 FACTURA:1189:188:42",
            "N°:1187:268:27 2148-00754267:1235:268:27",
            "B:112:296:57 E:160:296:57 ATR:200:296:57 |:305:296:57 Z:345:296:57 Cód.:1000:322:21 11:1064:324:19 Fecha:1187:319:26 Emisión:1348:316:29 13/11/2025:1506:319:27",
            .. BodyRows]);

        Assert.Equal("RUIZ SILVIA BEATRIZ", name);
    }

    [Fact]
    public void UnlabelledName_InCapitalsWithRoomBetweenItsRows_AndARowOfTheNextColumnBetween_IsWhole()
    {
        // An ERP print in Liberation Sans: the name's rows 41 px apart for capitals 37 px high, the voucher column's
        // "Comprobante FACTURA A" read between them.
        var name = IssuerNameOf([
            "FRIGORÍFICO:132:125:37 Y:390:125:37 CHACINADOS:430:125:37 ORIGINAL:1801:120:25",
            "Comprobante:1156:186:26 FACTURA:1506:187:25 A:1680:182:42",
            "SAN:130:203:36 JAVIER:210:203:36 S.A.:355:203:36",
            "Código:972:245:24 N°:1067:246:19 01:1101:246:19 Nro.:1157:252:25 09561-00000051:1505:252:25",
            "Av.:129:282:24 Rivadavia:192:281:25 578:354:281:25 Mar:669:282:24 del:737:281:25 Plata,:794:281:27",
            "Buenos:131:332:25 Aires:256:332:25 Fecha:1157:316:26 05/06/2026:1505:316:26",
            "IVA:131:380:25 Responsable:200:380:25 Inscripto:420:380:25 CUIT:1157:380:25 30-77285676-4:1300:380:25",
            "Señores:131:480:25 Minimarket:300:480:25 Los:500:480:25 Hermanos:580:480:25"]);

        Assert.Equal("FRIGORÍFICO Y CHACINADOS SAN JAVIER S.A.", name);
    }

    [Fact]
    public void UnlabelledName_InTypeOnlyALittleLargerThanTheText_IsStillTheName()
    {
        // A long name set smaller to fit its column: its words 35 px high (ascenders, no descenders) over text of 29-30.
        var name = IssuerNameOf([
            "Distribuidora:103:161:35 Mayorista:390:161:45 de:650:161:35 FACTURA:1175:166:50",
            "Golosinas:101:217:35 La:305:218:34 Golondrina:360:217:35 S.R.L.:585:218:34 A:985:184:75 N°:1173:251:29 00017-49621884:1235:251:29",
            "Av.:100:285:29 San:176:285:29 Martín:261:285:29 600:394:286:28 La:506:286:28 Plata:563:284:30 Fecha:1173:303:30 Emisión:1312:302:31 01/10/2026:1507:304:30",
            "IVA:102:392:29 Resp.:203:392:30 Inscripto:322:392:30 Inicio:1173:411:30 de:1300:411:30 Actividades:1364:411:30 07/02/2018:1641:412:30",
            "CUIT:101:445:29 30705938063:228:445:29",
            "Apellido:100:576:30 y:299:585:29 Nombre:326:576:30 /:505:578:30 Razón:534:575:31 Social:676:576:30 HERRERA:833:577:29 CARLOS:1028:577:29"]);

        Assert.Equal("Distribuidora Mayorista de Golosinas La Golondrina S.R.L.", name);
    }

    [Fact]
    public void UnlabelledName_FoundUnderTheTypeLetter_IsDoubtful_AndAPassThatReadItsFirstRowCompletesIt()
    {
        // psm 6 lost the row "RUIZ SILVIA … C FACTURA": the name's second row came first, under the type letter.
        string[] rest =
        [
            "e:108:400:26 2246:245:401:26 Piso:344:401:26 4:423:401:26 La:612:401:26 Plata:664:400:26 Fecha:1188:419:27 de:1311:419:27 Inicio:1371:419:27",
            "IVA:110:450:26 Monotributista:180:450:26 CUIT:1188:470:26 27-24151542-7:1292:470:26",
            "Señor(es):110:560:26 GOMEZ:300:560:26 ANA:420:560:26",
        ];
        var lost = InvoiceFieldExtractor.Read(PageOf([
            "ORIGINAL:1854:116:23",
            "C:1013:204:78 N°:1188:268:26 2148-00754267:1246:268:26",
            "B:114:295:58 EATRIZ:152:295:58 Cód.:992:323:20 11:1068:323:20 Fecha:1188:317:27 Emisión:1371:316:28 13/11/2025:1547:318:29",
            .. rest]));
        var whole = InvoiceFieldExtractor.Read(PageOf([
            "ORIGINAL:1854:116:23",
            "RUIZ:114:191:59 SILVIA:285:190:60 C:1013:204:78 FACTURA:1190:185:45",
            "N°:1188:268:26 2148-00754267:1246:268:26",
            "B:114:295:58 EATRIZ:152:295:58 Cód.:992:323:20 11:1068:323:20 Fecha:1188:317:27 Emisión:1371:316:28 13/11/2025:1547:318:29",
            .. rest]));

        Assert.Equal("BEATRIZ", lost.UnlabelledIssuerNames.Single().Value);
        Assert.True(lost.UnlabelledIssuerNames.Single().Confidence < InvoiceOcr.ConfidentEnough, "a name under the type letter asks for another pass");
        Assert.True(whole.UnlabelledIssuerNames.Single().Confidence >= InvoiceOcr.ConfidentEnough);
        Assert.Equal("RUIZ SILVIA BEATRIZ", InvoiceAssembler.Assemble([lost, whole], NoTimings).Issuer.Name.Value);
    }

    [Fact]
    public void LabelledName_UnderItsLabel_OneWordSwollenByThePhotograph_StillWrapsOntoTheLineAfter()
    {
        var invoice = Read(
            "Razón Social: || FACTURA",
            "^Distribuidora ^Mayorista de Golosinas La || CUIT: 30-70593806-3",
            "Golondrina S.R.L.",
            "Domicilio Comercial: Av. San Martín 600 - La Plata",
            "Señor(es): Minimercado El Sol SRL || CUIT: 30-71234567-1",
            "Importe Total: $ 1.000,00");

        Assert.Equal("Distribuidora Mayorista de Golosinas La Golondrina S.R.L.", invoice.Issuer.Name.Value);
    }

    [Fact]
    public void LabelledName_TheLabelUnderItMisread_IsNoPartOfIt()
    {
        // "Domicilio Comercial:" misread as "Comcrlo Comaroal:": still a label by its colon …
        var withColon = Read(
            "Razón Social: González Diego Hernán || Punto de Venta: 00504 Comp. Nro: 00079334",
            "Comcrlo Comaroal: || Pecha de Emisión: 19/06/2024",
            "Av. Rivadavia 4631 - Bahía Blanca || CUIT: 20-31211853-0",
            "Señor(es): TORRES MARIA LAURA || CUIT: 27-26843229-4",
            "Importe Total: $ 1.000,00");
        // … or by the OCR's doubt when the colon was lost too.
        var unsure = InvoiceAssembler.Assemble([InvoiceFieldExtractor.Read(PageOf(
            "Razón:134:292:30 Social:241:293:28 González:358:293:28 Diego:499:294:28 Hernán:591:293:28 Punto:1180:299:27 Venta:1334:299:27 00504:1450:299:27",
            "Comcrlo:135:337:29:0 Comaroal:293:337:28:13 Fecha:1180:344:27 de:1284:344:27 Emisión:1335:343:28 19/06/2024:1483:344:29",
            "Av.:133:383:26 Rivadavia:188:382:27 4631:337:382:27 -:418:395:6 Bahía:437:381:28 Blanca:526:382:29 CUIT:1179:414:27 20-31211853-0:1276:414:27",
            "Señor(es):124:623:27 TORRES:300:623:27 MARIA:420:623:27 LAURA:540:623:27 CUIT:1179:623:27 27-26843229-4:1276:623:27",
            "Importe:124:700:27 Total:260:700:27 $:360:700:27 1.000,00:400:700:27"))], NoTimings);

        Assert.Equal("González Diego Hernán", withColon.Issuer.Name.Value);
        Assert.Equal("González Diego Hernán", unsure.Issuer.Name.Value);
    }

    [Fact]
    public void LabelledName_ItsValueLostByTheOcr_IsNotTheNextLabelsValue()
    {
        // A low-resolution page: Tesseract dropped the row under "Razón Social:"; the address under "Domicilio
        // Comercial:" is no name, and the name in large letters stands.
        var invoice = Read(
            "^MARTINEZ ^CARLOS || #C || FACTURA",
            "^ALBERTO || COD. 11 || Punto de Venta: 00007 Comp. Nro: 00810686",
            "Razón Social: || Fecha de Emisión: 09/02/2024",
            "Domicilio Comercial: || CUIT: 20-37218636-5",
            "Juan B. Justo 3818 - Mendoza || Ingresos Brutos: 079-864123-1",
            "Condición frente al IVA: Monotributista",
            "Señor(es): Minimercado El Sol SRL || CUIT: 30-71234567-1",
            "Importe Total: $ 1.000,00");

        Assert.Equal("MARTINEZ CARLOS ALBERTO", invoice.Issuer.Name.Value);
    }

    [Fact]
    public void UnlabelledNames_APieceCutInsideAWord_AndAStrayDot_VoteForTheWholeName()
    {
        static InvoiceReading Named(params (string Name, double Confidence)[] names)
        {
            var reading = new InvoiceReading { RawText = "" };
            foreach (var (name, confidence) in names) reading.UnlabelledIssuerNames.Add(new(name, confidence));
            return reading;
        }

        // One pass put the name's first letters on a line of their own ("Pan" / "ificadora Santa").
        var cut = InvoiceAssembler.Assemble([Named(("ificadora Santa", 0.80)), Named(("Panificadora Santa Rita S.R.L.", 0.79))], NoTimings);
        // Two passes read a dot after "Río" (one at 0.11 of confidence), one read the name as printed.
        var dotted = InvoiceAssembler.Assemble(
            [Named(("Molinos Harineros del Río. de la Plata S.A.", 0.72)), Named(("Molinos Harineros del Río de la Plata S.A.", 0.78)), Named(("Molinos Harineros del Río. de la Plata S.A.", 0.70))],
            NoTimings);

        Assert.Equal("Panificadora Santa Rita S.R.L.", cut.Issuer.Name.Value);
        Assert.Equal("Molinos Harineros del Río de la Plata S.A.", dotted.Issuer.Name.Value);
    }

    [Theory]
    [InlineData("PRODUCTOS ALIMENTICIOS DOÑA CATA S.R.L A Riv a ia", "PRODUCTOS ALIMENTICIOS DOÑA CATA S.R.L.")]
    [InlineData("Lácteos La Pampa S R L", "Lácteos La Pampa S.R.L.")]
    [InlineData("Distribuidora Norte S.A. Comprobante", "Distribuidora Norte S.A.")]
    [InlineData("Cervecería y Maltería Quilmes S.A.I.C.A. y G.", "Cervecería y Maltería Quilmes S.A.I.C.A. y G.")]
    [InlineData("Sánchez Laura Andrea", "Sánchez Laura Andrea")]
    [InlineData("RODRIGUEZ CARLOS ALBERTO Ú", "RODRIGUEZ CARLOS ALBERTO")]
    [InlineData("RODRIGUEZ CARLOS ALBERTO Ú rooms", "RODRIGUEZ CARLOS ALBERTO")]
    [InlineData("Distribuidora El Progreso ' B S.R.L.", "Distribuidora El Progreso S.R.L.")]
    [InlineData("Limpieza Total A", "Limpieza Total")]
    [InlineData("Limpieza Total Distribuidora Ss A", "Limpieza Total Distribuidora S.A.")]
    [InlineData("PEREZ SERGIO OMAR BB", "PEREZ SERGIO OMAR")]
    [InlineData("Droguería y Perfumería [BB del Oeste S.R.L.", "Droguería y Perfumería del Oeste S.R.L.")]
    [InlineData("Pedro A Gómez", "Pedro A Gómez")]
    [InlineData("Juan y Pedro Gómez S R L", "Juan y Pedro Gómez S.R.L.")]
    [InlineData("Comercializadora Pampeana SR L.", "Comercializadora Pampeana S.R.L.")]
    [InlineData("Comercializadora Pampeana S RL", "Comercializadora Pampeana S.R.L.")]
    [InlineData("Comercializadora Pampeana SRL", "Comercializadora Pampeana SRL")]
    [InlineData("Panificadora Santa Rita S.R.E.", "Panificadora Santa Rita S.R.L.")]
    [InlineData("Panificadora Santa Rita S. R. I.", "Panificadora Santa Rita S.R.L.")]
    [InlineData("\"Distribuidora Tres Arroyos S.A.", "Distribuidora Tres Arroyos S.A.")]
    [InlineData("| Lácteos La Pampa S.A.", "Lácteos La Pampa S.A.")]
    [InlineData("Companñía Distribuidora de Bebidas Andinas S.A.", "Compañía Distribuidora de Bebidas Andinas S.A.")]
    [InlineData("COMPANÑÍA DOÑA ROSA", "COMPAÑÍA DOÑA ROSA")]
    public void LegalForm_EndsTheName_ItsDotsPutBack(string read, string name) => Assert.Equal(name, InvoiceHeader.LegalForm(read));

    [Fact]
    public void TwoPages_TheDetailGoesOnAndTheTotalsAreOnTheLast()
    {
        string[] first =
        [
            .. ThreeColumns.Take(7),
            "43766 Cerveza Rubia Lata 473ml 10 3.976,95 39.769,50",
            "01671 Galletitas de Agua 3x100g 1 9.775,39 9.775,39",
            "Transporte: $ 49.544,89",
        ];
        string[] second =
        [
            "FACTURA A N° 00004-00001234 Hoja 2 de 2",
            "Código Producto / Servicio Cantidad Precio Unit. Subtotal",
            "Transporte: $ 49.544,89",
            "23264 Lavandina 2L 6 4.961,94 29.771,64",
            "49587 Jabón en Polvo 800g 24 4.657,74 111.785,76",
            "Importe Neto Gravado: $ 191.102,29",
            "IVA 21%: $ 40.131,48",
            "Importe Total: $ 231.233,77",
        ];
        IReadOnlyList<InvoiceReading> Page(string[] rows) => [InvoiceFieldExtractor.Read(OcrPage.FromTsv(Tsv(rows)))];

        var invoice = InvoiceAssembler.Assemble([Page(first), Page(second)], NoTimings);

        Assert.Equal([39769.50m, 9775.39m, 29771.64m, 111785.76m], invoice.Lines.Select(l => l.Amount!.Value));
        Assert.Equal(231233.77m, invoice.Total.Value);
        Assert.Equal(4, invoice.PointOfSale.Value);
        Assert.Equal(1234, invoice.Number.Value);
        Assert.Equal("Quilmes Cervecería y Maltería S.A.", invoice.Issuer.Name.Value);
        Assert.DoesNotContain(invoice.Warnings, w => w.Code is "detalle_no_cierra" or "totales_no_cierran");
        Assert.Contains("--- página 2 ---", invoice.RawText, StringComparison.Ordinal);
    }
}
