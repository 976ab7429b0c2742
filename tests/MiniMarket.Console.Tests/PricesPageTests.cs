using System.Text;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Components.Pages.Prices;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;
using MudBlazor;

namespace MiniMarket.Console.Tests;

/// <summary>Precios e inflación: a product's price today and at a date, the search, inflation, markups.</summary>
public sealed class PricesPageTests : BusinessPagesTestsBase
{
    private static PriceDto Price(DateOnly date, decimal replacement) =>
        new(7, "Y1", "Yerba", "Almacén", date, 1000m, new DateOnly(2026, 11, 1), "factura", date.DayNumber - new DateOnly(2026, 11, 1).DayNumber,
            4.5m, "ml", replacement, 35m, replacement * 1.35m, 1500m, Math.Round((1500m - replacement) / 1500m * 100m, 2));

    private static string Cell(IRenderedComponent<Prices> page, string row, string column) =>
        page.Find($"[data-testid=price-table] tr[data-row={row}] td[data-col={column}]").TextContent.Trim();

    [Fact]
    public async Task Price_TodayAndAtAChosenDate()
    {
        NegocioFake.Answer = (_, date) => Answers.Ok(date is { } d ? Price(d, 1250m) : Price(new DateOnly(2026, 12, 1), 1100m));
        PricesFake.History.Add(new PurchasePriceDto(7, new DateOnly(2026, 10, 3), 900m, null, "factura", "A-0001-00000012"));
        PricesFake.History.Add(new PurchasePriceDto(7, new DateOnly(2026, 11, 1), 1000m, null, "factura", "A-0001-00000031"));

        var page = Context.Open<Prices>("precios?producto=7");

        page.WaitForAssertion(() => Assert.Equal("$ 1.100,00", Cell(page, "replacement", "today")));
        Assert.Equal("$ 1.485,00", Cell(page, "suggested", "today"));
        Assert.Equal("26,67 %", Cell(page, "margin", "today"));
        Assert.Equal("01/11/2026 (factura), hace 30 días", Cell(page, "lastPurchaseDate", "today"));
        Assert.Equal("4,5 % mensual (medida por ml)", Cell(page, "inflation", "today"));
        Assert.Empty(page.FindAll("td[data-col=date]"));
        Assert.Single(page.FindAll("[data-testid=price-history] [data-testid=chart]"));

        var picker = page.FindComponent<MudDatePicker>();
        await page.InvokeAsync(() => picker.Instance.DateChanged.InvokeAsync(new DateTime(2026, 12, 31)));

        page.WaitForAssertion(() => Assert.Equal("$ 1.250,00", Cell(page, "replacement", "date")));
        Assert.Contains("31/12/2026", page.Find("[data-testid=price-date-header]").TextContent, StringComparison.Ordinal);
        Assert.Equal("$ 1.100,00", Cell(page, "replacement", "today"));
        Assert.Equal(new (int, DateOnly?)[] { (7, null), (7, new DateOnly(2026, 12, 31)) }, NegocioFake.Asked);
    }

    [Fact]
    public async Task ProductSearch_FindsByText_AndWhenDepositoDoesNotAnswer_TheFieldSaysSo()
    {
        var page = Context.Open<Prices>("precios");
        page.WaitForElement("[data-testid=product-picker] input, input[data-testid=product-picker]");

        await page.InvokeAsync(() => page.Find("[data-testid=product-picker] input, input[data-testid=product-picker]").Input("yer")); // found and typed in one go: the list redraws under it

        page.WaitForAssertion(() => Assert.Contains(DepositoFake.Queries, q => q is { Text: "yer", PageSize: ProductPicker.PageSize }), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("no responde", page.Find("[data-testid=price-filters]").TextContent, StringComparison.Ordinal);

        DepositoFake.ListAnswer = _ => Answers.Down<PagedResult<ProductDto>>("deposito");
        await page.InvokeAsync(() => page.Find("[data-testid=product-picker] input, input[data-testid=product-picker]").Input("leche")); // found and typed in one go: the list redraws under it

        page.WaitForAssertion(() => Assert.Contains("El agente deposito no responde", page.Find("[data-testid=price-filters]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Price_DateInTheAddress_IsShownBesideToday()
    {
        NegocioFake.Answer = (_, date) => Answers.Ok(date is { } d ? Price(d, 950m) : Price(new DateOnly(2026, 12, 1), 1100m));

        var page = Context.Open<Prices>("precios?producto=7&fecha=2026-11-15");

        page.WaitForAssertion(() => Assert.Equal("$ 950,00", Cell(page, "replacement", "date")));
        Assert.Equal("$ 1.100,00", Cell(page, "replacement", "today"));
        Assert.Contains("15/11/2026", page.Find("[data-testid=price-date-header]").TextContent, StringComparison.Ordinal);
        Assert.Equal("01/11/2026 (factura), hace 14 días", Cell(page, "lastPurchaseDate", "date"));
    }

    [Fact]
    public void Price_PurchaseMadeTodayOrYesterday_ReadsHoyOrHace1Dia_AndTheConfiguredInflationSaysSo()
    {
        NegocioFake.Answer = (_, date) => Answers.Ok(date is { } d
            ? Price(d, 950m) with { DaysSincePurchase = 1 }
            : Price(new DateOnly(2026, 12, 1), 1100m) with { DaysSincePurchase = 0, InflationSource = "configuracion" });

        var page = Context.Open<Prices>("precios?producto=7&fecha=2026-11-15");

        page.WaitForAssertion(() => Assert.Equal("01/11/2026 (factura), hace 1 día", Cell(page, "lastPurchaseDate", "date")));
        Assert.Equal("01/11/2026 (factura), hoy", Cell(page, "lastPurchaseDate", "today"));
        Assert.Equal("4,5 % mensual (la configurada)", Cell(page, "inflation", "today"));
    }

    [Fact]
    public void MlDown_OnlyTheInflationPartSaysSo()
    {
        NegocioFake.Answer = (_, date) => Answers.Ok(Price(date ?? new DateOnly(2026, 12, 1), 1100m));
        MlFake.Inflation = Answers.Down<InflationDto>("ml");

        var page = Context.Open<Prices>("precios?producto=7");

        page.WaitForAssertion(() => Assert.Contains("El agente ml no responde", page.Find("[data-testid=inflation]").TextContent, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Equal("$ 1.100,00", Cell(page, "replacement", "today")));
        Assert.DoesNotContain("no responde", page.Find("[data-testid=price]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("no responde", page.Find("[data-testid=markups]").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, page.FindAll("[data-testid=markups-table] tbody tr").Count);
    }

    [Fact]
    public void Inflation_ChartsTheMeasuredMonthsAgainstTheBaseline_WithAGapWhereAMonthHadTooFewProducts()
    {
        MlFake.Inflation = Answers.Ok(new InflationDto(4.2, 3.5m, 18, new DateOnly(2026, 6, 1), new DateOnly(2026, 12, 1),
        [
            new InflationMonthDto("2026-09", "Base", 100, null, 12, 20, false),
            new InflationMonthDto("2026-10", "Measured", 103.1, 3.1, 15, 22, false),
            new InflationMonthDto("2026-11", "Insufficient", null, null, 3, 5, false),
            new InflationMonthDto("2026-12", "Measured", 105.8, 2.6, 14, 18, true),
        ], "Jevons"));

        var page = Context.Open<Prices>("precios");

        page.WaitForAssertion(() => Assert.Equal("4,2 %", page.Find("[data-testid=inflation-measured]").TextContent.Trim()));
        Assert.Equal("3,5 %", page.Find("[data-testid=inflation-baseline]").TextContent.Trim());
        Assert.Equal("2", page.Find("[data-testid=inflation] [data-testid=chart]").GetAttribute("data-lines"));
        // The measured line is broken where November had too few products: two separate pieces, never a point at 0.
        var measured = page.FindAll("[data-testid=inflation] [data-testid=chart] polyline, [data-testid=inflation] [data-testid=chart] circle")
            .Where(e => e.GetAttribute("fill") == "#0072B2" || e.GetAttribute("stroke") == "#0072B2").ToList();
        Assert.Equal(2, measured.Count);
        Assert.Equal(4, page.FindAll("[data-testid=inflation-months] tbody tr").Count);
    }

    [Fact]
    public void Markups_ExportCsv_HasEveryCategoryWithItsMarkup()
    {
        var download = Context.JSInterop.SetupVoid("mmDownload", _ => true);
        download.SetVoidResult();
        var page = Context.Open<Prices>("precios");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=markups-table] tbody tr").Count));

        page.Find("[data-testid=export-markups]").Click();

        page.WaitForAssertion(() => Assert.Single(download.Invocations));
        var args = Assert.Single(download.Invocations).Arguments;
        Assert.Equal("recargos-2026-12-01.csv", (string)args[0]!);
        var bytes = Convert.FromBase64String((string)args[2]!);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Equal("Categoría;Recargo (%);Por defecto\r\nAlmacén;35;sí\r\nBebidas;40,5;no\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public void Markups_NegocioRefusesTheChange_TheReasonIsShownNextToTheField()
    {
        PricesFake.SetAnswer = (_, _) => Answers.Refused<CategoryMarkupDto>(400, "Datos inválidos", ("markupPercent", "El recargo va de 0 a 1000 % (llegó 4000)."));
        var page = Context.Open<Prices>("precios");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=edit-markup]").Count));

        page.Find("[data-testid=edit-markup][data-category=Bebidas]").Click();
        page.WaitForElement("[data-testid=save-markup]");
        page.Find("[data-testid=save-markup]").Click();

        page.WaitForAssertion(() => Assert.Contains("El recargo va de 0 a 1000 % (llegó 4000).",
            page.Find("[data-testid=markup][data-category=Bebidas]").TextContent, StringComparison.Ordinal));
        Assert.Equal(new (string, decimal?)[] { ("Bebidas", 40.5m) }, PricesFake.Set);
        Assert.NotNull(page.Find("[data-testid=save-markup]")); // still editing
    }

    [Fact]
    public void Markups_WithoutTheEncargadoOrAdminRole_HaveNoEditButtons()
    {
        SignInAs(Roles.Guardia);

        var page = Context.Open<Prices>("precios");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=markups-table] tbody tr").Count));
        Assert.Empty(page.FindAll("[data-testid=edit-markup]"));
    }
}
