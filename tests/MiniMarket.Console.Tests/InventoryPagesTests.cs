using System.Globalization;
using System.Text;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Console.Components.Pages.Inventory;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MudBlazor;
using MudBlazor.Services;

namespace MiniMarket.Console.Tests;

/// <summary>Inventario, a product, the movement and product dialogs, Stock crítico — with hand-written fakes of the agents.</summary>
public sealed class InventoryPagesTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = ConsoleBunit.Create();
    private readonly FakeDepositoClient _deposito = new();
    private readonly FakeNegocioClient _negocio = new();
    private readonly FakeMlClient _ml = new();
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;

    public InventoryPagesTests()
    {
        _bunit.Services.AddSingleton<IDepositoClient>(_deposito);
        _bunit.Services.AddSingleton<INegocioClient>(_negocio);
        _bunit.Services.AddSingleton<IMlClient>(_ml);
        _bunit.Services.AddSingleton(TimeProvider.System);
        _bunit.SignIn("encargado");
        _dialogs = _bunit.RenderProviders();
        _deposito.Products.AddRange(Enumerable.Range(1, 120).Select(i => Answers.Product(i, $"P{i:000}", $"Producto {i}", stock: i % 7, purchase: 1234.5m)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    [Fact]
    public void Grid_AsksDepositoForOnePage_WithTheFiltersInTheAddress()
    {
        var page = _bunit.Open<Inventory>("inventario?q=yerba&categoria=2&criticos=true&estado=todos");

        page.WaitForAssertion(() => Assert.Equal(50, page.FindAll("[data-testid=products] tbody tr").Count));
        var query = _deposito.Queries.Last();
        Assert.Equal(("yerba", 2, true, (bool?)null, 1, 50), (query.Text, query.CategoryId, query.Critical, query.Active, query.Page, query.PageSize));
        Assert.Contains("$ 1.234,50", page.Find("[data-testid=products]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Grid_DepositoDown_SaysSo()
    {
        _deposito.ListAnswer = _ => Answers.Down<PagedResult<ProductDto>>("deposito");

        var page = _bunit.Open<Inventory>("inventario");

        page.WaitForAssertion(() => Assert.Contains("El agente deposito no responde", page.Find("[data-testid=agent-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Export_ReadsEveryPageOfTheFilter_AndDownloadsAnExcelReadyCsv()
    {
        var download = _bunit.JSInterop.SetupVoid("mmDownload", _ => true);
        download.SetVoidResult();
        var page = _bunit.Open<Inventory>("inventario");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=products] tbody tr")));

        page.Find("[data-testid=export-csv]").Click();

        page.WaitForAssertion(() => Assert.Single(download.Invocations));
        var args = Assert.Single(download.Invocations).Arguments;
        Assert.StartsWith("productos-", (string)args[0]!, StringComparison.Ordinal);
        var bytes = Convert.FromBase64String((string)args[2]!);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(121, lines.Length); // header + 120 products read 200 a page
        Assert.StartsWith("Código;Nombre;Categoría;", lines[0], StringComparison.Ordinal);
        Assert.Equal("P001;Producto 1;Almacén;;1;5;50;1.234,5;1.500;sí;20/11/2026 09:00", lines[1]);
    }

    [Fact]
    public void Export_DepositoStopsAnsweringMidway_SaysSoInWords_AndDownloadsNothing()
    {
        var download = _bunit.JSInterop.SetupVoid("mmDownload", _ => true);
        download.SetVoidResult();
        var page = _bunit.Open<Inventory>("inventario");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=products] tbody tr")));
        // The export reads 200 a page; deposito goes away on its first page.
        _deposito.ListAnswer = q => q.PageSize == CsvExport.PageSize ? Answers.Down<PagedResult<ProductDto>>("deposito") : null!;

        page.Find("[data-testid=export-csv]").Click();

        var snackbar = _bunit.Services.GetRequiredService<ISnackbar>();
        page.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message?.StartsWith("No se pudo exportar: El agente deposito no responde", StringComparison.Ordinal) == true));
        Assert.Empty(download.Invocations);
        Assert.False(page.Find("[data-testid=export-csv]").HasAttribute("disabled")); // ready for another try
    }

    [Fact]
    public void Csv_QuotesSeparatorsAndQuotes_AndDisarmsFormulas_ButNotNegativeNumbers()
    {
        var csv = Encoding.UTF8.GetString(CsvExport.Build(["a", "b", "c", "d"], [["x;y", "di \"hola\"", "=HYPERLINK(\"http://x\")", -1234.5m]])[3..]);
        Assert.Equal("a;b;c;d\r\n\"x;y\";\"di \"\"hola\"\"\";\"'=HYPERLINK(\"\"http://x\"\")\";-1.234,5\r\n", csv);
    }

    [Fact]
    public void ProductForm_ShowsEachRefusalNextToItsField_AndStaysOpen()
    {
        _deposito.SaveAnswer = _ => Answers.Refused<ProductDto>(400, "Datos inválidos", ("code", "El código ya existe: P001"), ("minStock", "El mínimo no puede superar al máximo"));
        var page = _bunit.Open<Inventory>("inventario");
        page.Find("[data-testid=new-product]").Click();
        var dialog = _dialogs;

        page.WaitForAssertion(() => Assert.NotNull(dialog.Find("[data-testid=save-product]")));
        dialog.Find("[data-testid=save-product]").Click();

        dialog.WaitForAssertion(() => Assert.Contains("El código ya existe: P001", FieldOf(dialog, "code"), StringComparison.Ordinal));
        Assert.DoesNotContain("El código ya existe", FieldOf(dialog, "name"), StringComparison.Ordinal);
        Assert.Contains("El mínimo no puede superar al máximo", dialog.Markup, StringComparison.Ordinal);
        Assert.Single(_deposito.Saved);
        Assert.NotNull(dialog.Find("[data-testid=product-form]")); // still open
    }

    /// <summary>The text of the form control (input, label, helper/error text) holding the field.</summary>
    private static string FieldOf(IRenderedComponent<MudDialogProvider> dialog, string field)
    {
        var element = dialog.Find($"[data-field={field}]");
        while (element is not null && !element.ClassList.Contains("mud-input-control")) element = element.ParentElement;
        return element?.TextContent ?? "";
    }

    [Fact]
    public async Task Movement_AnOutIsSentNegative_ARefusalSaysWhy_AndARetryAfterTheAgentWasDownKeepsItsKey()
    {
        _deposito.Products.Insert(0, Answers.Product(500, "Y1", "Yerba", stock: 3));
        var answers = new Queue<AgentResult<StockMovementDto>>([
            Answers.Down<StockMovementDto>("deposito"),
            Answers.Refused<StockMovementDto>(409, "Stock insuficiente", ("quantity", "No hay stock suficiente: quedan 3")),
        ]);
        _deposito.MoveAnswer = _ => answers.Dequeue();
        var page = _bunit.Open<ProductPage>("inventario/500", p => p.Add(x => x.Id, 500));
        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=product-stock]").TextContent.Trim()));
        page.Find("[data-testid=register-movement]").Click();
        var dialog = _dialogs;
        dialog.WaitForElement("[data-testid=movement-form]");

        var kind = dialog.FindComponents<MudSelect<string>>().First(s => s.Instance.Label == "Tipo");
        await dialog.InvokeAsync(() => kind.Instance.ValueChanged.InvokeAsync("salida"));
        dialog.WaitForAssertion(() => Assert.DoesNotContain("Precio unitario", dialog.Find("[data-testid=movement-form]").TextContent, StringComparison.Ordinal));
        dialog.Find("[data-field=quantity] input, input[data-field=quantity]").Input("5");
        dialog.Find("[data-testid=save-movement]").Click();
        dialog.WaitForAssertion(() => Assert.Contains("El agente deposito no responde", dialog.Find("[data-testid=movement-error]").TextContent, StringComparison.Ordinal));
        dialog.Find("[data-testid=save-movement]").Click();

        dialog.WaitForAssertion(() => Assert.Contains("No hay stock suficiente: quedan 3", dialog.Markup, StringComparison.Ordinal));
        Assert.Equal(2, _deposito.Movements.Count);
        Assert.All(_deposito.Movements, m => Assert.Equal(("salida", -5), (m.Movement.Kind, m.Movement.Quantity)));
        Assert.Equal(_deposito.Movements[0].Key, _deposito.Movements[1].Key); // the same movement, retried
    }

    [Theory]
    [InlineData("salida", 5, -5)]
    [InlineData("salida", -5, -5)]
    [InlineData("entrada", 7, 7)]
    [InlineData("ajuste", -2, -2)]
    public void Movement_SignFollowsTheKind(string kind, int written, int sent) => Assert.Equal(sent, MovementForm.Signed(kind, written));

    [Fact]
    public void ProductPage_MlDown_OnlyTheForecastSaysSo()
    {
        _deposito.Products.Insert(0, Answers.Product(501, "A1", "Aceite", stock: 12));
        _deposito.Purchases.Add(new DailyPurchaseDto(501, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-10)), 1100m, 24));
        _deposito.Purchases.Add(new DailyPurchaseDto(501, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)), 1250m, 24));
        _deposito.History.Add(new StockMovementDto(1, 501, "A1", "entrada", 24, 0, 24, null, "remito 12", 1250m, "encargado", "consola", DateTimeOffset.UtcNow.AddDays(-3)));

        var page = _bunit.Open<ProductPage>("inventario/501", p => p.Add(x => x.Id, 501));

        page.WaitForAssertion(() => Assert.Contains("El agente ml no responde", page.Find("[data-testid=forecast]").TextContent, StringComparison.Ordinal));
        Assert.Single(page.FindAll("[data-testid=purchase-history] [data-testid=chart]"));
        page.WaitForAssertion(() => Assert.Equal("+24", page.Find("[data-testid=movement-quantity]").TextContent.Trim()));
    }

    [Fact]
    public void ProductPage_ShowsTheForecastWithItsBand()
    {
        _deposito.Products.Insert(0, Answers.Product(502, "G1", "Galletitas"));
        var from = DateOnly.FromDateTime(DateTime.UtcNow);
        _ml.Forecast = Answers.Ok(Answers.Forecast(502, from, 7));

        var page = _bunit.Open<ProductPage>("inventario/502", p => p.Add(x => x.Id, 502));

        page.WaitForAssertion(() => Assert.Contains("Total esperado: 70 unidades en 14 días; 8 de cada 10 veces entre 52 y 91 (modelo v7).", page.Find("[data-testid=forecast-band]").TextContent, StringComparison.Ordinal));
        // The chart: the running total with its band shaded under it, one point a day, the band's last day in the legend.
        var chart = page.Find("[data-testid=forecast] [data-testid=chart]");
        Assert.Equal(14, chart.QuerySelector("polyline")!.GetAttribute("points")!.Split(' ').Length);
        Assert.Equal(28, chart.QuerySelector("[data-testid=chart-band]")!.GetAttribute("points")!.Split(' ').Length);
        Assert.Contains("Unidades esperadas, acumuladas: 70", chart.QuerySelector("[data-testid=chart-legend]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("8 de cada 10 veces entre: 52 – 91", chart.QuerySelector("[data-testid=chart-band-legend]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Critical_ListsDeficits_AndGenerateOrdersShowsWhatNegocioProposed()
    {
        _deposito.Critical = Answers.Ok(new CriticalStockDto("verano", 1.3m,
            [new CriticalProductDto(7, "L1", "Leche", "Lácteos", 2, 10, 40, "verano", 1.3m, 13m, 11, 38, Guid.NewGuid())]));
        _negocio.Proposal = Answers.Ok(new OrderProposalDto(
            [new PurchaseOrderDto(Guid.NewGuid(), 12, "OC-000012", Guid.NewGuid(), "La Serenísima", "borrador", "automatica",
                [new PurchaseOrderLineDto(7, "L1", "Leche", 38, 0, 900m, 34200m)], 34200m, 0m, "encargado", DateTimeOffset.UtcNow, null, null)],
            [new ProposalSkipDto(8, "Q1", "sin proveedor")], 2));

        var page = _bunit.Open<CriticalStock>("inventario/criticos");
        page.WaitForAssertion(() => Assert.Equal("11", page.Find("[data-testid=deficit]").TextContent.Trim()));
        Assert.Contains("verano · factor 1,3", page.Find("[data-testid=season]").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=generate-orders]").Click();

        page.WaitForAssertion(() => Assert.Contains("OC-000012 · La Serenísima", page.Find("[data-testid=proposal]").TextContent, StringComparison.Ordinal));
        Assert.Contains("$ 34.200,00", page.Find("[data-testid=proposal]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Q1 no se incluyó: sin proveedor", page.Find("[data-testid=proposal]").TextContent, StringComparison.Ordinal);
        Assert.Equal(1, _negocio.Proposals);
    }
}
