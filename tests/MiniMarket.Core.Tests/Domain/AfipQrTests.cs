using System.Text;
using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class AfipQrTests
{
    // AFIP's own example (Especificaciones técnicas del código QR, RG 4892/2020), base64-encoded outside this code:
    // {"ver":1,"fecha":"2020-10-13","cuit":30000000007,"ptoVta":10,"tipoCmp":1,"nroCmp":94,"importe":12100,"moneda":"DOL",
    //  "ctz":65,"tipoDocRec":80,"nroDocRec":20000000001,"tipoCodAut":"E","codAut":70417054367476}
    private const string SpecExample = "https://www.afip.gob.ar/fe/qr/?p=eyJ2ZXIiOjEsImZlY2hhIjoiMjAyMC0xMC0xMyIsImN1aXQiOjMwMDAwMDAwMDA3LCJwdG9WdGEiOjEwLCJ0aXBvQ21wIjoxLCJucm9DbXAiOjk0LCJpbXBvcnRlIjoxMjEwMCwibW9uZWRhIjoiRE9MIiwiY3R6Ijo2NSwidGlwb0RvY1JlYyI6ODAsIm5yb0RvY1JlYyI6MjAwMDAwMDAwMDEsInRpcG9Db2RBdXQiOiJFIiwiY29kQXV0Ijo3MDQxNzA1NDM2NzQ3Nn0=";

    [Fact]
    public void TryParse_AfipsSpecificationExample_ReadsEveryField()
    {
        Assert.True(AfipQr.TryParse(SpecExample, out var qr, out var isAfip, out var error), error);

        Assert.True(isAfip);
        Assert.Equal(new DateOnly(2020, 10, 13), qr.IssueDate);
        Assert.Equal("30-00000000-7", qr.IssuerCuit.ToString());
        Assert.Equal(10, qr.PointOfSale);
        Assert.Equal(1, qr.TypeCode);
        Assert.Equal(InvoiceType.A, qr.Type);
        Assert.Equal(94, qr.Number);
        Assert.Equal(12100m, qr.Total);
        Assert.Equal("DOL", qr.Currency);
        Assert.Equal(65m, qr.ExchangeRate);
        Assert.Equal("20-00000000-1", qr.ReceiverCuit?.ToString());
        Assert.Equal("70417054367476", qr.Cae);
    }

    [Fact]
    public void TryParse_NumbersAsStrings_UrlSafeBase64WithoutPaddingOnArcasHost_IsRead()
    {
        // {"ver":1,"fecha":"2025-01-21","cuit":"33779787430","ptoVta":"8","tipoCmp":"1","nroCmp":"64","importe":"11368.29",
        //  "moneda":"PES","ctz":"1","tipoCodAut":"E","codAut":"78043624913853"} — no receiver document.
        const string text = "http://arca.gob.ar/fe/qr?p=eyJ2ZXIiOjEsImZlY2hhIjoiMjAyNS0wMS0yMSIsImN1aXQiOiIzMzc3OTc4NzQzMCIsInB0b1Z0YSI6IjgiLCJ0aXBvQ21wIjoiMSIsIm5yb0NtcCI6IjY0IiwiaW1wb3J0ZSI6IjExMzY4LjI5IiwibW9uZWRhIjoiUEVTIiwiY3R6IjoiMSIsInRpcG9Db2RBdXQiOiJFIiwiY29kQXV0IjoiNzgwNDM2MjQ5MTM4NTMifQ";

        Assert.True(AfipQr.TryParse(text, out var qr, out _, out var error), error);

        Assert.Equal(11368.29m, qr.Total);
        Assert.Equal(8, qr.PointOfSale);
        Assert.Equal(64, qr.Number);
        Assert.Null(qr.ReceiverCuit);
    }

    [Fact]
    public void ToUrl_ThenTryParse_GivesTheSameData()
    {
        var qr = new AfipQr(new DateOnly(2026, 3, 2), Cuit.Parse("30-71234567-1"), 12, 6, 12_345_678, 1_234_567.89m, AfipQr.Pesos, 1m,
            AfipQr.CuitDocumentType, 20123456786, "E", "71234567890123");

        Assert.StartsWith(AfipQr.UrlPrefix, qr.ToUrl(), StringComparison.Ordinal);
        Assert.True(AfipQr.TryParse(qr.ToUrl(), out var read, out _, out var error), error);
        Assert.Equal(qr, read);
        Assert.Equal(InvoiceType.B, read.Type);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hola")]
    [InlineData("https://mpago.la/2xYz")]
    [InlineData("https://www.afip.gob.ar.example.com/fe/qr/?p=e30=")]
    [InlineData("https://www.afip.gob.ar/otra/?p=e30=")]
    [InlineData("ftp://www.afip.gob.ar/fe/qr/?p=e30=")]
    public void TryParse_AnotherQrCode_IsNotAfips(string? text)
    {
        Assert.False(AfipQr.TryParse(text, out var qr, out var isAfip, out var error));
        Assert.Null(qr);
        Assert.False(isAfip);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    public static TheoryData<string, string> Broken => new()
    {
        { "https://www.afip.gob.ar/fe/qr/", "parámetro p" },
        { "https://www.afip.gob.ar/fe/qr/?p=%%%", "parámetro p" },
        { "https://www.afip.gob.ar/fe/qr/?p=" + B64("\u00ff\u00fe"), "JSON" },
        { "https://www.afip.gob.ar/fe/qr/?p=" + B64("[1,2]"), "objeto" },
        { "https://www.afip.gob.ar/fe/qr/?p=" + B64("{\"ver\":1"), "JSON" },
        { Url(("ver", "2")), "versión" },
        { Url(("fecha", "\"2025-02-30\"")), "fecha" },
        { Url(("fecha", "\"13/10/2020\"")), "fecha" },
        { Url(("cuit", "30000000008")), "CUIT" },
        { Url(("cuit", "\"30-00000000-7\\u0000\"")), "CUIT" },
        { Url(("ptoVta", "0")), "punto de venta" },
        { Url(("ptoVta", "100000")), "punto de venta" },
        { Url(("ptoVta", "-1")), "punto de venta" },
        { Url(("tipoCmp", "1.5")), "tipo de comprobante" },
        { Url(("nroCmp", "100000000")), "número" },
        { Url(("nroCmp", "99999999999999999999999")), "número" },
        { Url(("importe", "-5")), "importe" },
        { Url(("importe", "1e400")), "importe" },
        { Url(("importe", "\"12,50\"")), "importe" },
        { Url(("importe", "12.345")), "importe" },
        { Url(("ctz", "1.1234567")), "cotización" },
        { Url(("moneda", "\"PESOS\"")), "moneda" },
        { Url(("ctz", "0")), "cotización" },
        { Url(("tipoDocRec", "\"x\"")), "receptor" },
        { Url(("tipoCodAut", "\"Z\"")), "autorización" },
        { Url(("codAut", "123")), "autorización" },
        { Url(("codAut", "{\"a\":{\"b\":{\"c\":{\"d\":1}}}}")), "JSON" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void TryParse_AfipsQrWithBrokenData_IsRefusedWithTheReason(string text, string reason)
    {
        Assert.False(AfipQr.TryParse(text, out var qr, out var isAfip, out var error));

        Assert.Null(qr);
        Assert.True(isAfip);
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TryParse_HugeText_IsRefusedBeforeDecoding()
    {
        Assert.False(AfipQr.TryParse(AfipQr.UrlPrefix + new string('A', 100_000), out _, out _, out var error));
        Assert.Contains("largo", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Type_OtherVouchers_AreNoFactura()
    {
        Assert.True(AfipQr.TryParse(Url(("tipoCmp", "3")), out var creditNote, out _, out var error), error);
        Assert.Equal(3, creditNote.TypeCode);
        Assert.Null(creditNote.Type);
        Assert.True(AfipQr.TryParse(Url(("tipoCodAut", "\"A\"")), out var caea, out _, out error), error);
        Assert.Null(caea.Cae);
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>AFIP's example with one property replaced by <paramref name="change"/>'s raw JSON value.</summary>
    private static string Url((string Name, string Json) change)
    {
        var values = new Dictionary<string, string>
        {
            ["ver"] = "1", ["fecha"] = "\"2020-10-13\"", ["cuit"] = "30000000007", ["ptoVta"] = "10", ["tipoCmp"] = "1", ["nroCmp"] = "94",
            ["importe"] = "12100", ["moneda"] = "\"DOL\"", ["ctz"] = "65", ["tipoDocRec"] = "80", ["nroDocRec"] = "20000000001",
            ["tipoCodAut"] = "\"E\"", ["codAut"] = "70417054367476",
        };
        values[change.Name] = change.Json;
        return AfipQr.UrlPrefix + B64("{" + string.Join(",", values.Select(kv => $"\"{kv.Key}\":{kv.Value}")) + "}");
    }
}
