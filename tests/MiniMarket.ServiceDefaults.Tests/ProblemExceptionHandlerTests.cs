using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.ServiceDefaults.Tests;

public class ProblemExceptionHandlerTests
{
    private static async Task<(int Status, JsonElement Body)> HandleAsync(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails(o => o.CustomizeProblemDetails = ProblemExceptionHandler.Customize).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = "/api/v1/stock/movements";
        context.Request.Headers.Accept = "application/json";
        context.Response.Body = new MemoryStream();
        var handler = new ProblemExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<ProblemExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));

        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, JsonDocument.Parse(context.Response.Body).RootElement.Clone());
    }

    [Fact]
    public async Task DomainException_Is400ValidationProblemNamingTheField()
    {
        var (status, body) = await HandleAsync(new DomainException("quantity", "No hay stock suficiente: quedan 3, se piden 5"));

        Assert.Equal(400, status);
        Assert.Equal("No hay stock suficiente: quedan 3, se piden 5", body.GetProperty("errors").GetProperty("quantity")[0].GetString());
        Assert.Equal("/api/v1/stock/movements", body.GetProperty("instance").GetString());
        Assert.True(body.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task BadHttpRequest_KeepsItsStatus()
    {
        var (status, body) = await HandleAsync(new BadHttpRequestException("Request body too large.", 413));

        Assert.Equal(413, status);
        Assert.Equal("El cuerpo supera el tamaño máximo de esta operación.", body.GetProperty("detail").GetString());
        Assert.True(body.GetProperty("errors").TryGetProperty("body", out _), "the field at fault is the body");
    }

    [Fact]
    public async Task UnexpectedException_Is500WithoutInternals()
    {
        var (status, body) = await HandleAsync(new InvalidOperationException("connection string Password=secret"));

        Assert.Equal(500, status);
        Assert.DoesNotContain("secret", body.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body.GetRawText(), StringComparison.Ordinal);
    }
}
