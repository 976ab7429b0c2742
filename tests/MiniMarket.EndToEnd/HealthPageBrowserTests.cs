using Microsoft.Playwright;
using MiniMarket.Testing;

namespace MiniMarket.EndToEnd;

public class HealthPageBrowserTests(StackFixture stack) : IClassFixture<StackFixture>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Wait = new() { Timeout = 45_000 };

    [Fact]
    public async Task SignIn_Encargado_SeesTheThreeAgentsUpOnSaludDelSistema()
    {
        var page = await stack.SignInAsync("encargado", ConsoleFactory.EncargadoPassword, "/salud");

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(stack.ConsoleUrl, "/salud").ToString());
        await Assertions.Expect(page.Locator("h1", new() { HasText = "Salud del sistema" })).ToBeVisibleAsync();
        foreach (var agent in new[] { "deposito", "negocio", "ml" })
        {
            // Live refresh: the page updates itself as Prometheus' first scrapes come in.
            await Assertions.Expect(page.Locator($"td[data-service='{agent}'] [data-state]")).ToHaveAttributeAsync("data-state", "up", Wait);
        }
        await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToHaveTextAsync("encargado");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("salud-del-sistema.png"), FullPage = true });
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsTheReasonAndStaysOut()
    {
        var page = await stack.SignInAsync("encargado", "wrong-password-123");

        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToHaveTextAsync("Usuario o contraseña incorrectos.");
        await page.GotoAsync(new Uri(stack.ConsoleUrl, "/salud").ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/cuenta/ingresar"));
    }

    [Fact]
    public async Task SignOut_FromTheAppBar_ReturnsToTheLoginPage()
    {
        var page = await stack.SignInAsync("encargado", ConsoleFactory.EncargadoPassword);
        await Assertions.Expect(page.Locator("[data-testid=home-status]")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Salir" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/cuenta/ingresar"));
    }
}
