using System.Net;

namespace MiniMarket.Console.Tests;

/// <summary>Ayuda on the real app: the guide is served to an encargado, its pictures only by plain name and signed in.</summary>
public partial class ConsoleAppTests
{
    [Fact]
    public async Task Help_TheStoreManagersGuide_IsServed_ItsPicturesOnlyByPlainName()
    {
        using var anonymous = Client();
        var refused = await anonymous.GetAsync("/ayuda/capturas/inicio.png");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/cuenta/ingresar", PathOf(refused), StringComparison.Ordinal);

        using var encargado = Client();
        await PostLoginAsync(encargado, "encargado", MiniMarket.Testing.ConsoleFactory.EncargadoPassword, "/");
        var guide = await encargado.GetAsync("/ayuda/encargado");
        Assert.Equal(HttpStatusCode.OK, guide.StatusCode);
        var html = WebUtility.HtmlDecode(await guide.Content.ReadAsStringAsync());
        Assert.Contains("Guía del encargado", html, StringComparison.Ordinal);
        Assert.Contains("id=\"facturas\"", html, StringComparison.Ordinal);

        // The guide's pictures ship with the console and are served to whoever reads it.
        var picture = await encargado.GetAsync("/ayuda/capturas/inicio.png");
        Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
        Assert.Equal("image/png", picture.Content.Headers.ContentType?.MediaType);
        Assert.Contains("src=\"/ayuda/capturas/inicio.png\"", html, StringComparison.Ordinal);

        foreach (var path in new[] { "/ayuda/capturas/no-existe.png", "/ayuda/capturas/..%2F..%2Fappsettings.json", "/ayuda/capturas/INICIO.PNG" })
        {
            var response = await encargado.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode}");
            Assert.True((int)response.StatusCode < 500);
        }
    }
}
