using System.Net;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Tests;

/// <summary>How the console reads an agent's refusal: ProblemDetails by field, and bodies that are no problem at all.</summary>
public class AgentProblemTests
{
    private sealed class Clients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false) { BaseAddress = new Uri("http://127.0.0.1:1/") };
    }

    private static Task<AgentResult<MiniMarket.Core.Contracts.ProductDto>> AskAsync(StubHandler handler) => new DepositoClient(new Clients(handler)).GetProductAsync(7);

    [Fact]
    public async Task Refusal_ProblemDetailsWithFieldErrors_KeepsEachFieldsMessages()
    {
        var result = await AskAsync(StubHandler.Json("""{"title":"Datos inválidos","status":422,"errors":{"minStock":["El mínimo va de 0 a 100000."]}}""",
            HttpStatusCode.UnprocessableEntity, "application/problem+json"));

        Assert.False(result.Ok);
        Assert.Equal((422, "Datos inválidos"), (result.Problem!.Status, result.Problem.Title));
        Assert.Equal(["El mínimo va de 0 a 100000."], result.Problem.Errors["minStock"]);
        Assert.False(result.Problem.Unavailable);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, "<html><body>502 Bad Gateway</body></html>", "text/html", true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "", "text/plain", true)]
    [InlineData(HttpStatusCode.InternalServerError, "\"oops\"", "application/json", false)] // JSON, but no object: once an exception
    public async Task Refusal_ABodyThatIsNoProblem_SaysWhichAgentAnsweredWhat(HttpStatusCode status, string body, string mediaType, bool unavailable)
    {
        var result = await AskAsync(StubHandler.Json(body, status, mediaType));

        Assert.False(result.Ok);
        Assert.Equal($"El agente deposito respondió HTTP {(int)status}.", result.Problem!.Title);
        Assert.Empty(result.Problem.Errors);
        Assert.Equal(unavailable, result.Problem.Unavailable);
    }
}
