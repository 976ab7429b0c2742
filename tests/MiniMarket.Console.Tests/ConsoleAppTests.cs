using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Console.Tests;

public partial class ConsoleAppTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    private HttpClient Client() => app.Console.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task LoginPage_Anonymous_RendersSpanishFormWithSecurityHeaders()
    {
        using var client = Client();

        var response = await client.GetAsync("/cuenta/ingresar");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"es-AR\">", html, StringComparison.Ordinal);
        Assert.Contains("Contraseña", html, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/salud")]
    public async Task Page_Anonymous_RedirectsToLoginKeepingTheReturnUrl(string path)
    {
        using var client = Client();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/cuenta/ingresar", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(path), response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_RightPassword_SignsInAndOpensTheHealthPage()
    {
        using var client = Client();

        var login = await PostLoginAsync(client, "encargado", ConsoleFactory.EncargadoPassword, "/salud");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/salud", PathOf(login));
        var page = await client.GetAsync("/salud");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Salud del sistema", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The on-call pages are enforced on the server: an encargado is sent to "access denied", an admin gets them.</summary>
    [Theory]
    [InlineData("/alertas")]
    [InlineData("/alertas/cb2855e745d68d11")]
    [InlineData("/runbooks")]
    [InlineData("/runbooks/ServiceDown")]
    [InlineData("/runbooks/guias/dashboards")]
    [InlineData("/logs")]
    [InlineData("/logs?servicio=deposito&rango=6h")]
    public async Task OnCallPage_EncargadoIsRefused_AdminIsServed(string path)
    {
        using var encargado = Client();
        await PostLoginAsync(encargado, "encargado", ConsoleFactory.EncargadoPassword, "/");
        var refused = await encargado.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/cuenta/acceso-denegado", PathOf(refused), StringComparison.Ordinal);

        using var admin = Client();
        await PostLoginAsync(admin, "admin", ConsoleFactory.AdminPassword, "/");
        var served = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    /// <summary>Users are managed by admins only: encargado and guardia are refused on the server.</summary>
    [Theory]
    [InlineData("encargado")]
    [InlineData("guardia")]
    public async Task UsersPage_OnlyAdmin(string user)
    {
        using var client = Client();
        await PostLoginAsync(client, user, user == "guardia" ? ConsoleFactory.GuardiaPassword : ConsoleFactory.EncargadoPassword, "/");
        var refused = await client.GetAsync("/usuarios");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/cuenta/acceso-denegado", PathOf(refused), StringComparison.Ordinal);

        using var admin = Client();
        await PostLoginAsync(admin, "admin", ConsoleFactory.AdminPassword, "/");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/usuarios")).StatusCode);
    }

    /// <summary>The store manager's pages: Inicio, KPIs de negocio and Salud (read).</summary>
    [Theory]
    [InlineData("/")]
    [InlineData("/kpis")]
    [InlineData("/kpis?rango=7d")]
    [InlineData("/salud")]
    [InlineData("/slo")]
    [InlineData("/inventario")]
    [InlineData("/inventario/criticos")]
    [InlineData("/facturas")]
    [InlineData("/ordenes")]
    [InlineData("/proveedores")]
    [InlineData("/precios")]
    [InlineData("/modelos")]
    public async Task ManagerPage_EncargadoIsServed(string path)
    {
        using var encargado = Client();
        await PostLoginAsync(encargado, "encargado", ConsoleFactory.EncargadoPassword, "/");
        var served = await encargado.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task RunbookPage_RendersTheShippedMarkdownWithoutRawHtml()
    {
        using var admin = Client();
        await PostLoginAsync(admin, "admin", ConsoleFactory.AdminPassword, "/");
        var html = WebUtility.HtmlDecode(await admin.GetStringAsync("/runbooks/ServiceDown"));
        Assert.Contains("Qué significa", html, StringComparison.Ordinal);
        Assert.Contains("Escalamiento", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongPassword_StaysOnTheFormWithAMessage()
    {
        using var client = Client();

        var login = await PostLoginAsync(client, "encargado", "not-the-password", "/");
        var html = WebUtility.HtmlDecode(await login.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("Usuario o contraseña incorrectos.", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/salud")).StatusCode);
    }

    [Fact]
    public async Task Login_ExternalReturnUrl_GoesHomeInstead()
    {
        using var client = Client();

        var login = await PostLoginAsync(client, "encargado", ConsoleFactory.EncargadoPassword, "//evil.example/x");

        Assert.Equal("/", PathOf(login));
    }

    [Fact]
    public async Task Token_Admin_GetsAJwtWithAdminRoleThatValidates()
    {
        using var client = Client();

        var response = await client.PostAsJsonAsync("/api/v1/token", new { userName = "admin", password = ConsoleFactory.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        var jwt = new JwtOptions { SigningKey = TestServers.JwtSigningKey };
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(token, TokenIssuer.ValidationParameters(jwt));
        Assert.True(validation.IsValid, validation.Exception?.Message);
        Assert.Equal("admin", validation.Claims["name"]);
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(7));
    }

    [Fact]
    public async Task Token_Encargado_Is403()
    {
        using var client = Client();

        var response = await client.PostAsJsonAsync("/api/v1/token", new { userName = "encargado", password = ConsoleFactory.EncargadoPassword });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Token_WrongPassword_Is401()
    {
        using var client = Client();

        var response = await client.PostAsJsonAsync("/api/v1/token", new { userName = "nadie", password = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_MissingFields_Is400NamingEachField()
    {
        using var client = Client();

        var response = await client.PostAsJsonAsync("/api/v1/token", new { userName = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("userName", out _));
        Assert.True(errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Token_MalformedJson_Is400ProblemDetails()
    {
        using var client = Client();

        var response = await client.PostAsync("/api/v1/token", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Metrics_Console_PassesPromtoolAndNeedsNoLogin()
    {
        using var client = Client();
        await client.GetAsync("/cuenta/ingresar");

        var text = await client.GetStringAsync("/metrics");
        var (exitCode, output) = await ProcessRunner.RunAsync("promtool", ["check", "metrics"], stdin: text);

        Assert.Contains("minimarket_build_info{service=\"console\"", text, StringComparison.Ordinal);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task CreateUser_NameLongerThan64_IsRefused()
    {
        await using var scope = app.Console.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<MiniMarket.Console.Data.ConsoleUser>>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            MiniMarket.Console.Hosting.UserAccounts.EnsureUserAsync(users, new string('a', 65), "long-password-123", "x", [Roles.Encargado]));

        Assert.Contains("hasta 64 caracteres", error.Message, StringComparison.Ordinal);
        Assert.Null(await users.FindByNameAsync(new string('a', 65)));
    }

    [Fact]
    public async Task IdentityModel_HasAMigrationForEachChange()
    {
        await using var scope = app.Console.Services.CreateAsyncScope();

        Assert.False(scope.ServiceProvider.GetRequiredService<MiniMarket.Console.Data.ConsoleDbContext>().Database.HasPendingModelChanges());
    }

    private static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string user, string password, string returnUrl) =>
        ConsoleSignIn.PostLoginAsync(client, user, password, returnUrl);

    private static string PathOf(HttpResponseMessage redirect) => new Uri(new Uri("http://localhost"), redirect.Headers.Location!).PathAndQuery;
}
