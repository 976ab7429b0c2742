using System.Diagnostics;
using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using MiniMarket.Testing;
using Xunit.Abstractions;

namespace MiniMarket.Console.Tests;

/// <summary>
/// Every page of the console, with every filter it reads from the address set to values it cannot understand (letters for
/// a number, NUL and control characters, bidi overrides, huge values, impossible dates): the page answers — 200, never a
/// 5xx — and says which filter it ignored. Pages, routes and filters are found by reflection, so a new page is covered
/// the day it is added.
/// </summary>
public sealed class ConsoleRoutesFuzzTests(ConsoleAppFixture app, ITestOutputHelper output) : IClassFixture<ConsoleAppFixture>
{
    private static readonly Assembly Console = typeof(MiniMarket.Console.Strings).Assembly;

    private static readonly (string Label, string Raw)[] BadValues =
    [
        ("letras", "abc"), ("negativo", "-1"), ("enorme", "99999999999"), ("NUL", "%00"), ("ANSI", "%1B%5B31m"), ("RLO", "%E2%80%AE"),
        ("BOM", "%EF%BB%BF"), ("3000 caracteres", new string('x', 3000)), ("año 9999", "9999-12-31"), ("30 de febrero", "2026-02-30"), ("vacío", ""),
    ];

    /// <summary>Every routable page and the query parameters it reads.</summary>
    private static IEnumerable<(string Route, Type Page, IReadOnlyList<string> Query)> Pages() =>
        Console.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, t)))
            .Select(p => (p.Template, p.t, (IReadOnlyList<string>)p.t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(q => q.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is not null)
                .Select(q => (q.GetCustomAttribute<SupplyParameterFromQueryAttribute>()!.Name ?? q.Name).ToLowerInvariant()).ToList()));

    [Fact]
    public void QueryParameters_AreAllText_SoBindingCanNeverFail()
    {
        var typed = Console.GetTypes().SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(p => p.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is not null && p.PropertyType != typeof(string))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}: {p.PropertyType.Name}").ToList();

        Assert.True(typed.Count == 0, "a page binds a query parameter to a non-text type (a bad address would be a 500): " + string.Join(", ", typed));
        Assert.Contains(Pages(), p => p.Route == "/inventario" && p.Query.Contains("categoria"));
    }

    [Fact]
    public async Task EveryPage_BadValueInEveryFilter_AnswersThePageNeverA5xx()
    {
        using var admin = await ConsoleSignIn.ClientAsync(app.Console, "admin", ConsoleFactory.AdminPassword);
        var clock = Stopwatch.StartNew();
        var findings = new List<string>();
        var sent = 0;
        foreach (var (route, page, query) in Pages())
        {
            var path = FillRoute(route);
            var requests = query.SelectMany(name => BadValues.Select(v => (What: $"{name}={v.Label}", Url: $"{path}?{name}={v.Raw}")))
                .Append((What: "sin filtros", Url: path))
                .Append((What: "parámetro desconocido", Url: path + "?zz%00=%00"));
            foreach (var (what, url) in requests)
            {
                sent++;
                using var response = await admin.GetAsync(url);
                var status = (int)response.StatusCode;
                if (status >= 500 || (status != 200 && !route.StartsWith("/cuenta/", StringComparison.Ordinal)))
                    findings.Add($"{page.Name} {route} [{what}]: {status}");
            }
        }

        var summary = $"Console routes fuzz: {sent} requests to {Pages().Count()} pages in {clock.Elapsed.TotalSeconds:0} s; {findings.Count} findings";
        output.WriteLine(summary);
        await TestReports.WriteAsync("console-routes-fuzz", summary, findings);
        Assert.True(findings.Count == 0, summary + ":\n" + string.Join('\n', findings.Take(60)));
    }

    [Theory]
    [InlineData("/inventario?categoria=abc", "categoria=abc")]
    [InlineData("/inventario?criticos=maybe", "criticos=maybe")]
    [InlineData("/inventario?estado=borrados", "estado=borrados")]
    [InlineData("/precios?producto=abc", "producto=abc")]
    [InlineData("/precios?fecha=9999-12-31", "fecha=9999-12-31")]
    [InlineData("/modelos?producto=abc", "producto=abc")]
    [InlineData("/ordenes?proveedor=abc", "proveedor=abc")]
    [InlineData("/ordenes?estado=perdida", "estado=perdida")]
    [InlineData("/proveedores?q=%00", "q=")]
    public async Task BadFilter_IsIgnoredAndSaidOnThePage(string url, string said)
    {
        using var admin = await ConsoleSignIn.ClientAsync(app.Console, "admin", ConsoleFactory.AdminPassword);

        var response = await admin.GetAsync(url);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Se ignoraron filtros de la dirección que no se entienden:", html, StringComparison.Ordinal);
        Assert.Contains(said, html, StringComparison.Ordinal);
    }

    private static string FillRoute(string template) => string.Join('/', template.Split('/').Select(segment => segment switch
    {
        _ when !segment.StartsWith('{') => segment,
        _ when segment.Contains(":int", StringComparison.Ordinal) => "1",
        _ when segment.Contains(":guid", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
        "{Name}" => "ServiceDown",
        "{Guide}" => "dashboards",
        _ => "abc",
    }));
}
