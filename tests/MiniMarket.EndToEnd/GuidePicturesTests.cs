using Microsoft.Playwright;
using MiniMarket.Testing;

namespace MiniMarket.EndToEnd;

/// <summary>
/// The store manager's guide's pictures (docs/guias/capturas) are the console's screens on the demo store, taken here by
/// the browser: the real seed-demo command fills a stack of its own through the agents' APIs, an encargado signs in, and
/// each page the guide shows is checked (its title, no error) and photographed. When a screen changes, the next test run
/// takes the new picture (commit it with the change); the guide's text is kept true by GuidesTests.
/// </summary>
public sealed class GuidePicturesTests(DemoStackFixture stack) : IClassFixture<DemoStackFixture>
{
    public static readonly string PicturesDirectory = Path.Combine(RepositoryPaths.Root, "docs", "guias", "capturas");

    /// <summary>What a KPI card says when Prometheus has no sample of its query (BusinessKpisViewModel; a chart's "… en el rango." is not this).</summary>
    private const string NoDataText = "Prometheus no tiene datos de esta medida.";

    /// <summary>
    /// Each picture: its file, the page, a text the page must show, and the part photographed (null: the screen). Inicio's
    /// is its "Hoy" figures: its status depends on the whole store's monitoring, which this stack does not run.
    /// </summary>
    public static readonly IReadOnlyList<(string File, string Path, string Shows, string? Part)> Pictures =
    [
        ("inicio.png", "/", "¿Está todo bien?", "[data-testid=kpis]"),
        ("inventario.png", "/inventario", "Inventario", null),
        ("stock-critico.png", "/inventario/criticos", "Stock crítico", null),
        ("ordenes.png", "/ordenes", "Órdenes de compra", null),
        ("precios.png", "/precios", "Recargo por categoría", null),
        ("pronosticos.png", "/modelos", "Versiones de los modelos", null),
    ];

    [Fact]
    public async Task TheGuidesPictures_AreTheDemoStoresScreens()
    {
        var (exit, output) = await ProcessRunner.RunAsync("dotnet", [RepositoryPaths.BuildOutput("MiniMarket.Console"), "seed-demo"],
            environment: new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ConnectionStrings__Postgres"] = stack.ConnectionString,
                ["Jwt__SigningKey"] = TestServers.JwtSigningKey,
                ["Agents__DepositoUrl"] = stack.AgentUrls["deposito"].ToString(),
                ["Agents__NegocioUrl"] = stack.AgentUrls["negocio"].ToString(),
                ["Agents__MlUrl"] = stack.AgentUrls["ml"].ToString(),
                ["Observability__PrometheusUrl"] = stack.PrometheusUrl.ToString(),
                ["Observability__LokiUrl"] = "",
                ["Observability__LogStore__Enabled"] = "false",
                ["Admin__UserName"] = "admin",
                ["Admin__Password"] = ConsoleFactory.AdminPassword,
                ["Demo__EncargadoPassword"] = ConsoleFactory.EncargadoPassword,
                ["Demo__GuardiaPassword"] = "guardia-password-for-tests",
            }, timeout: TimeSpan.FromMinutes(8));
        Assert.True(exit == 0, output);

        // Inicio's projection appears once negocio asked ml (every few seconds) and Prometheus scraped it: wait for it, bounded.
        using (var prometheus = new HttpClient { BaseAddress = stack.PrometheusUrl })
        {
            await Poll.UntilAsync(async () => await prometheus.GetStringAsync("api/v1/query?query=negocio_ventas_proyectadas_hoy_ars"),
                body => body.Contains("\"value\"", StringComparison.Ordinal), TimeSpan.FromSeconds(90), "the day's projected sales in Prometheus");
        }
        Directory.CreateDirectory(PicturesDirectory);
        var page = await stack.SignInAsync("encargado", ConsoleFactory.EncargadoPassword);
        await page.WaitForURLAsync(u => !u.Contains("/cuenta/", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 30_000 });
        foreach (var (file, path, shows, part) in Pictures)
        {
            await page.GotoAsync(new Uri(stack.ConsoleUrl, path).ToString());
            await page.WaitForSelectorAsync("[data-interactive=true], h1", new PageWaitForSelectorOptions { Timeout = 30_000 });
            await LoadedAsync(page, shows);
            // A figure missing for a moment is no picture of the page: negocio stops exporting the day's projection
            // whenever ml does not answer in time, which the suite's load makes happen. Reload until every figure is
            // there, for at most a minute; after that the picture shows what the page shows.
            for (var i = 0; i < 20 && await page.GetByText(NoDataText, new PageGetByTextOptions { Exact = false }).CountAsync() > 0; i++)
            {
                await page.WaitForTimeoutAsync(3_000);
                await page.ReloadAsync();
                await LoadedAsync(page, shows);
            }
            await page.WaitForTimeoutAsync(500);
            Assert.Equal(0, await page.Locator("#blazor-error-ui[style*='block']").CountAsync());
            // A picture of an error is no picture of the screen: every agent the page calls answered.
            var errors = await page.Locator(".mud-alert-text-error").AllInnerTextsAsync();
            Assert.True(errors.All(e => !e.Contains("no responde", StringComparison.Ordinal)), $"{path}: {string.Join(" | ", errors)}");
            if (part is null) await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PicturesDirectory, file) });
            else await page.Locator(part).ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(PicturesDirectory, file) });
            Assert.True(new FileInfo(Path.Combine(PicturesDirectory, file)).Length > 5_000, $"{file} is (nearly) empty");
        }
    }

    /// <summary>The page shows its text, then what it loads after it renders (tables, charts): until no progress bar is left, for a bounded while.</summary>
    private static async Task LoadedAsync(IPage page, string shows)
    {
        await page.GetByText(shows, new PageGetByTextOptions { Exact = false }).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        for (var i = 0; i < 40 && await page.Locator(".mud-progress-linear").CountAsync() > 0; i++) await page.WaitForTimeoutAsync(250);
    }
}

/// <summary>A stack whose agents call each other, as in a store: what the demo seed needs (ml trains on deposito's history).</summary>
public sealed class DemoStackFixture : StackFixture
{
    protected override bool WiredAgents => true;
}
