using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using MiniMarket.Console.Demo;
using MiniMarket.Core.Contracts;
using MiniMarket.Testing;

namespace MiniMarket.EndToEnd;

/// <summary>
/// The store manager's screens in a real browser against the real agents (deposito, ml with real Tesseract, negocio wired
/// to both): a product created on screen, its stock moved, an invoice photo read, corrected and confirmed into stock,
/// orders generated from critical stock, a grid exported to CSV.
/// </summary>
public class ManagerBrowserTests(OnCallFixture stack) : IClassFixture<OnCallFixture>
{
    private const string ProductCode = "E2E-YERBA";
    private static readonly DemoSupplier Supplier = DemoSuppliers.All[0]; // supplies Almacén, invoices type A

    private static readonly LocatorWaitForOptions Slow = new() { Timeout = 30_000 };

    /// <summary>The catalogue the manager starts from: a category and a registered supplier (set up through the agents' APIs as admin).</summary>
    private async Task<HttpClient> AdminAsync()
    {
        using var console = new HttpClient { BaseAddress = stack.ConsoleUrl };
        var token = await (await console.PostAsJsonAsync("api/v1/token", new { userName = "admin", password = ConsoleFactory.AdminPassword }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        return http;
    }

    private async Task SeedAsync()
    {
        using var admin = await AdminAsync();
        var categories = await admin.GetFromJsonAsync<List<CategoryDto>>(new Uri(stack.AgentUrls["deposito"], "api/v1/categories"));
        if (!categories!.Any(c => c.Name == "Almacén"))
            (await admin.PostAsJsonAsync(new Uri(stack.AgentUrls["deposito"], "api/v1/categories"), new CategoryRequest("Almacén"))).EnsureSuccessStatusCode();
        var suppliers = await admin.GetFromJsonAsync<PagedResult<SupplierDto>>(new Uri(stack.AgentUrls["negocio"], "api/v1/suppliers?q=" + Supplier.CuitFirstTen));
        if (suppliers!.Total == 0)
        {
            (await admin.PostAsJsonAsync(new Uri(stack.AgentUrls["negocio"], "api/v1/suppliers"),
                new SupplierRequest(Supplier.Name, Supplier.Cuit, "Responsable Inscripto", Supplier.Contact, null, null, Supplier.Supplies))).EnsureSuccessStatusCode();
        }
    }

    private static async Task Choose(IPage page, string field, string option)
    {
        await page.Locator($"[data-field={field}]").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First.ClickAsync();
        // The list closes once the circuit has taken the choice.
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    private static ILocator Input(IPage page, string field) => page.Locator($"[data-field='{field}'] input, input[data-field='{field}']").First;

    /// <summary>Types into a field and leaves it (the value is committed before anything else happens on the page).</summary>
    private static async Task TypeAsync(IPage page, string field, string text)
    {
        await Input(page, field).FillAsync(text);
        await Input(page, field).PressAsync("Tab");
    }

    [Fact]
    public async Task Encargado_CreatesAProduct_MovesStock_ConfirmsAnInvoicePhoto_GeneratesOrders_AndExportsCsv()
    {
        await SeedAsync();
        var page = await stack.SignInAsync("encargado", ConsoleFactory.EncargadoPassword, "/inventario");
        try
        {
            await FlowAsync(page);
        }
        catch
        {
            // What the browser showed when it failed, next to the other screenshots.
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("manager-failure.png"), FullPage = true });
            throw;
        }
    }

    private async Task FlowAsync(IPage page)
    {
        await page.WaitForURLAsync("**/inventario");
        await page.Locator("[data-interactive=true]").WaitForAsync(Slow); // the page is live (after prerendering)

        // A new product, from the grid's "Nuevo producto" dialog (the minimum is high: it will be critical).
        await page.Locator("[data-testid=new-product]").ClickAsync();
        // The category first: the fields typed after it commit as they are typed (Immediate), so nothing races the select.
        await Choose(page, "categoryId", "Almacén");
        await Assertions.Expect(page.Locator("[data-testid=product-form]")).ToContainTextAsync("Almacén");
        await TypeAsync(page, "code", ProductCode);
        await TypeAsync(page, "name", "Yerba Mate Prueba 1 kg");
        await TypeAsync(page, "minStock", "100");
        await TypeAsync(page, "maxStock", "200");
        await TypeAsync(page, "purchasePrice", "2500");
        await TypeAsync(page, "salePrice", "3900");
        await page.Locator("[data-testid=save-product]").ClickAsync();
        await page.WaitForURLAsync("**/inventario/*");
        await Assertions.Expect(page.Locator("[data-testid=product-stock]")).ToHaveTextAsync("0");
        await page.Locator("[data-interactive=true]").WaitForAsync(Slow);
        var productUrl = page.Url;

        // An entrada of 24 and a salida of 5: the stock follows.
        await Move(page, "Entrada", 24);
        await Assertions.Expect(page.Locator("[data-testid=product-stock]")).ToHaveTextAsync("24");
        await Move(page, "Salida", 5);
        await Assertions.Expect(page.Locator("[data-testid=product-stock]")).ToHaveTextAsync("19");
        await Assertions.Expect(page.Locator("[data-testid=movement-quantity]").First).ToHaveTextAsync("-5");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("producto.png"), FullPage = true });

        // A supplier's invoice photo: read by the OCR, a field corrected, confirmed into stock at the invoice's price.
        var invoice = DemoInvoices.Photograph(Supplier, [(new DemoProduct(ProductCode, "Yerba Mate Prueba 1 kg", "Almacén", "7790000000001", 2750m, 50m, 3), 12)],
            MiniMarket.Core.Domain.BuenosAiresTime.Today(TimeProvider.System), new Random(7));
        await page.GotoAsync(new Uri(stack.ConsoleUrl, "/facturas").ToString());
        await page.Locator("[data-interactive=true]").WaitForAsync(Slow);
        await UploadAsync(page, new FilePayload { Name = "factura.png", MimeType = invoice.ContentType, Buffer = invoice.Image });
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/facturas/[0-9a-f-]{36}$"), new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=invoice-lines]")).ToContainTextAsync(ProductCode, new() { Timeout = 20_000 });
        await page.Locator("[data-interactive=true]").WaitForAsync(Slow);
        await TypeAsync(page, "issuer.name", Supplier.Name); // the person corrects the issuer's name as printed
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("factura.png"), FullPage = true });
        await page.Locator("[data-testid=confirm-invoice]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=confirmed]")).ToContainTextAsync("entraron 12 unidades", new() { Timeout = 30_000 });

        await page.GotoAsync(productUrl);
        await Assertions.Expect(page.Locator("[data-testid=product-stock]")).ToHaveTextAsync("31", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=product-purchase-price]")).ToHaveTextAsync("$ 2.750,00");

        // Critical stock (31 ≤ 100 × the season's factor): generate the orders.
        await page.GotoAsync(new Uri(stack.ConsoleUrl, "/inventario/criticos").ToString());
        await Assertions.Expect(page.Locator("[data-testid=critical]")).ToContainTextAsync(ProductCode);
        await page.Locator("[data-interactive=true]").WaitForAsync(Slow);
        await page.Locator("[data-testid=generate-orders]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=proposal]")).ToContainTextAsync(Supplier.Name, new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("stock-critico.png"), FullPage = true });

        // The proposed order: sent to the supplier, then received in full; the stock grows by what arrived.
        await page.Locator("[data-testid=proposed-order]").First.ClickAsync();
        await page.WaitForURLAsync("**/ordenes/*");
        await page.Locator("[data-interactive=true]").WaitForAsync(Slow);
        await page.Locator("[data-testid=send-order]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=order-state]")).ToContainTextAsync("enviada", new() { Timeout = 15_000 });
        var ordered = int.Parse((await page.Locator("[data-testid=line-pending]").First.TextContentAsync())!.Trim().Replace(".", "", StringComparison.Ordinal),
            System.Globalization.CultureInfo.InvariantCulture);
        await page.Locator("[data-testid=receive-all]").ClickAsync();
        await page.Locator("[data-testid=confirm-yes]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=order-state]")).ToContainTextAsync("recibida", new() { Timeout = 15_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("orden.png"), FullPage = true });
        await page.GotoAsync(productUrl);
        await Assertions.Expect(page.Locator("[data-testid=product-stock]")).ToHaveTextAsync((31 + ordered).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });

        // The products grid as CSV: UTF-8 with BOM, ';', es-AR numbers.
        await page.GotoAsync(new Uri(stack.ConsoleUrl, "/inventario?q=" + ProductCode).ToString());
        await Assertions.Expect(page.Locator("[data-testid=products]")).ToContainTextAsync(ProductCode);
        await page.Locator("[data-interactive=true]").WaitForAsync(Slow);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-csv]").ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Código;Nombre;Categoría;", csv[0], StringComparison.Ordinal);
        var row = csv.Single(l => l.StartsWith(ProductCode + ";", StringComparison.Ordinal)).Split(';');
        // Code, name, category, barcode, stock, min, max, purchase price (the invoice's), ... active. The sale price follows
        // negocio's markup after the invoice, so it is only checked to be an es-AR amount.
        Assert.Equal([ProductCode, "Yerba Mate Prueba 1 kg", "Almacén", ""], row[..4]);
        Assert.Equal(["100", "200", "2.750"], row[5..8]);
        Assert.Matches(@"^\d{1,3}(\.\d{3})*(,\d{1,2})?$", row[8]);
        Assert.Equal("sí", row[9]);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("inventario.png"), FullPage = true });
    }

    /// <summary>
    /// Twelve products, one invoice photo with all of them: read by the OCR and confirmed as read (no line, no field
    /// touched); every product's stock grows by exactly the quantity printed on the invoice.
    /// </summary>
    [Fact]
    public async Task Encargado_ConfirmsALongInvoicePhotoWithoutEditing_AndEveryProductGrowsByItsQuantity()
    {
        await SeedAsync();
        using var admin = await AdminAsync();
        var deposito = stack.AgentUrls["deposito"];
        var categories = await admin.GetFromJsonAsync<List<CategoryDto>>(new Uri(deposito, "api/v1/categories"));
        var category = categories!.Single(c => c.Name == "Almacén").Id;
        string[] names = ["Arroz Largo Fino 1 kg", "Fideos Spaghetti 500 g", "Aceite de Girasol 900 ml", "Harina 0000 1 kg", "Azúcar Común 1 kg",
            "Yerba Mate Suave 500 g", "Polenta Instantánea 500 g", "Lentejas Secas 400 g", "Tomate Triturado 520 g", "Arvejas en Lata 350 g",
            "Sal Fina 500 g", "Vinagre de Alcohol 1 L"];
        var items = new List<(DemoProduct Product, int Quantity)>();
        var before = new Dictionary<string, int>();
        for (var i = 0; i < names.Length; i++)
        {
            var code = $"E2E-L{i + 1:00}";
            var price = 800m + i * 137.20m;
            var existing = await admin.GetAsync(new Uri(deposito, "api/v1/products/by-code/" + code));
            if (existing.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                using var created = await admin.PostAsJsonAsync(new Uri(deposito, "api/v1/products"), new ProductRequest(code, names[i], null, category, null, 5, 500, price, price * 1.5m, null));
                Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
                existing = await admin.GetAsync(new Uri(deposito, "api/v1/products/by-code/" + code));
            }
            before[code] = (await existing.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ProductDto>())!.Stock;
            items.Add((new DemoProduct(code, names[i], "Almacén", "", price, 50m, 1), i + 2));
        }

        var page = await stack.SignInAsync("encargado", ConsoleFactory.EncargadoPassword, "/inventario");
        try
        {
            var invoice = DemoInvoices.Photograph(Supplier, items, MiniMarket.Core.Domain.BuenosAiresTime.Today(TimeProvider.System), new Random(12));
            await page.WaitForURLAsync("**/inventario");
            await page.GotoAsync(new Uri(stack.ConsoleUrl, "/facturas").ToString());
            await page.Locator("[data-interactive=true]").WaitForAsync(Slow);
            await UploadAsync(page, new FilePayload { Name = "factura-larga." + invoice.FileExtension, MimeType = invoice.ContentType, Buffer = invoice.Image });
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/facturas/[0-9a-f-]{36}$"), new() { Timeout = 90_000 });
            await page.Locator("[data-interactive=true]").WaitForAsync(Slow);
            // Every line read and matched to its product (by code, or by name where the OCR read "L01" as "LO1").
            await Assertions.Expect(page.Locator("[data-testid=invoice-line]")).ToHaveCountAsync(items.Count, new() { Timeout = 20_000 });
            for (var i = 0; i < items.Count; i++)
                await Assertions.Expect(page.Locator("[data-testid=line-product] input").Nth(i)).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^" + items[i].Product.Code + " "));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("factura-larga.png"), FullPage = true });
            await page.Locator("[data-testid=confirm-invoice]").ClickAsync();
            var units = items.Sum(i => i.Quantity);
            await Assertions.Expect(page.Locator("[data-testid=confirmed]")).ToContainTextAsync($"entraron {units} unidades", new() { Timeout = 30_000 });
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("factura-larga-failure.png"), FullPage = true });
            throw;
        }
        foreach (var (product, quantity) in items)
        {
            var after = await admin.GetFromJsonAsync<ProductDto>(new Uri(deposito, "api/v1/products/by-code/" + product.Code));
            Assert.Equal(before[product.Code] + quantity, after!.Stock);
        }
    }

    /// <summary>
    /// Chooses the photo in the drop zone until the upload starts: the file input's listener is attached by Blazor just
    /// after the page turns interactive, and a file chosen in that instant is not seen (a person is never that fast).
    /// </summary>
    private static async Task UploadAsync(IPage page, FilePayload photo)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator("[data-testid=invoice-file]").SetInputFilesAsync(photo);
            try
            {
                await page.Locator("[data-testid=upload-progress], [data-testid=upload-error], [data-testid=invoice-header]").First.WaitForAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }

    private static async Task Move(IPage page, string kind, int quantity)
    {
        await page.Locator("[data-testid=register-movement]").ClickAsync();
        await page.Locator("[data-testid=movement-form]").WaitForAsync();
        if (kind != "Entrada")
        {
            await Choose(page, "kind", kind);
            // The unit price is only asked for an entrada: once it is gone, the circuit has the new kind.
            await Assertions.Expect(page.Locator("[data-field=unitPrice]")).ToHaveCountAsync(0);
        }
        await TypeAsync(page, "quantity", quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("[data-testid=save-movement]").ClickAsync();
        await page.Locator("[data-testid=movement-form]").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 15_000 });
    }

    [Fact]
    public async Task Admin_CreatesAUser_WhoCanThenSignIn()
    {
        var page = await stack.SignInAsync("admin", ConsoleFactory.AdminPassword, "/usuarios");
        await page.WaitForURLAsync("**/usuarios");
        await page.Locator("[data-interactive=true]").WaitForAsync(Slow);
        await page.Locator("[data-testid=new-user]").ClickAsync();
        await page.Locator("[data-testid=user-form]").WaitForAsync();
        await TypeAsync(page, "userName", "cajera.e2e");
        await TypeAsync(page, "password", "Cajera-Prueba-2026");
        await Choose(page, "role", "encargado");
        await page.Locator("[data-testid=save-user]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=users]")).ToContainTextAsync("cajera.e2e", new() { Timeout = 15_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("usuarios.png"), FullPage = true });
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-csv]").ClickAsync());
        var users = Encoding.UTF8.GetString((await File.ReadAllBytesAsync((await download.PathAsync())!))[3..]);
        // A store alone: an encargado works on the console's own store (the Sucursales column says which).
        Assert.Contains("\r\ncajera.e2e;;encargado;Casa Central;;0\r\n", users, StringComparison.Ordinal);

        var newcomer = await stack.SignInAsync("cajera.e2e", "Cajera-Prueba-2026", "/inventario");
        await newcomer.WaitForURLAsync("**/inventario");
        await Assertions.Expect(newcomer.Locator("[data-testid=current-user]")).ToHaveTextAsync("cajera.e2e");
        // An encargado: the users page is not theirs.
        await newcomer.GotoAsync(new Uri(stack.ConsoleUrl, "/usuarios").ToString());
        await newcomer.WaitForURLAsync("**/cuenta/acceso-denegado**");
    }

    /// <summary>
    /// One of each detail page to check, made through the agents' APIs as admin: a product below its minimum (critical,
    /// so it gets a proposed order), a typed invoice draft, and that order (or, when an earlier proposal already covers
    /// the product, the newest order).
    /// </summary>
    private async Task<List<(string Path, string Ready)>> DetailPagesAsync()
    {
        using var admin = await AdminAsync();
        var deposito = stack.AgentUrls["deposito"];
        var negocio = stack.AgentUrls["negocio"];
        var categories = await admin.GetFromJsonAsync<List<CategoryDto>>(new Uri(deposito, "api/v1/categories"));
        var created = await admin.PostAsJsonAsync(new Uri(deposito, "api/v1/products"),
            new ProductRequest("E2E-A11Y", "Galletitas de prueba", null, categories!.First(c => c.Name == "Almacén").Id, null, 5, 20, 800m, 1200m, null));
        var product = created.IsSuccessStatusCode
            ? (await created.Content.ReadFromJsonAsync<ProductDto>())!
            : (await admin.GetFromJsonAsync<ProductDto>(new Uri(deposito, "api/v1/products/by-code/E2E-A11Y")))!;

        var invoice = await admin.PostAsJsonAsync(new Uri(negocio, "api/v1/invoices"), new InvoiceRequest("A", 7, Random.Shared.Next(1, 99_999_999),
            DateOnly.FromDateTime(DateTime.UtcNow), null, null, new InvoicePartyDto(Supplier.Name, Supplier.Cuit, "Responsable Inscripto", null), null,
            [new InvoiceLineRequest("A11Y", "GALLETITAS DE PRUEBA", 2, 500m, 1000m, 21m, null)], 1000m, [new InvoiceIvaLineDto(21m, 210m)], 0m, 1210m, null));
        invoice.EnsureSuccessStatusCode();
        var invoiceId = (await invoice.Content.ReadFromJsonAsync<InvoiceDto>())!.Id;

        var proposal = await admin.PostAsync(new Uri(negocio, "api/v1/orders/proposals"), null);
        proposal.EnsureSuccessStatusCode();
        var proposed = (await proposal.Content.ReadFromJsonAsync<OrderProposalDto>())!.Created;
        var orderId = proposed.Count > 0 ? proposed[0].Id
            : (await admin.GetFromJsonAsync<PagedResult<PurchaseOrderDto>>(new Uri(negocio, "api/v1/orders?pageSize=1")))!.Items[0].Id;

        return [($"/inventario/{product.Id}", "[data-testid=product-stock]"), ($"/facturas/{invoiceId}", "[data-testid=invoice-header]"),
            ($"/ordenes/{orderId}", "[data-testid=order-state]")];
    }

    /// <summary>axe on one page once it shows <paramref name="ready"/>: its serious and critical violations, described.</summary>
    private async Task<IEnumerable<string>> AxeAsync(IPage page, string path, string ready)
    {
        await page.GotoAsync(new Uri(stack.ConsoleUrl, path).ToString());
        await page.Locator(ready).First.WaitForAsync(Slow);
        await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("MiniMarket"));
        var axe = await page.RunAxe();
        if (axe.Violations.Length > 0)
        {
            // The page may have been caught while the circuit swaps the prerendered head for the live one: look again
            // once it has settled; a real violation is still there.
            await page.WaitForTimeoutAsync(1500);
            axe = await page.RunAxe();
        }
        return axe.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{path}: {v.Id} ({v.Impact}) {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
    }

    [Fact]
    public async Task ManagerPages_HaveNoSeriousAccessibilityViolations()
    {
        await SeedAsync();
        var details = await DetailPagesAsync();
        var page = await stack.SignInAsync("encargado", ConsoleFactory.EncargadoPassword, "/inventario");
        var problems = new List<string>();
        foreach (var (path, ready) in new[]
        {
            ("/inventario", "[data-testid=products]"), ("/inventario/criticos", "h1"), ("/facturas", "[data-testid=invoices]"),
            ("/ordenes", "[data-testid=orders]"), ("/proveedores", "h1"), ("/precios", "h1"), ("/modelos", "h1"),
        }.Concat(details))
        {
            problems.AddRange(await AxeAsync(page, path, ready));
        }
        var admin = await stack.SignInAsync("admin", ConsoleFactory.AdminPassword, "/usuarios");
        problems.AddRange(await AxeAsync(admin, "/usuarios", "[data-testid=users]"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
