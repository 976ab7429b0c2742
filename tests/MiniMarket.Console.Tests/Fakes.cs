using System.Net;
using System.Text;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Tests;

/// <summary>A Prometheus client whose answer the test sets.</summary>
public sealed class FakePrometheusClient : IPrometheusClient
{
    public SourceResult<IReadOnlyList<ScrapeTarget>> Targets { get; set; } = SourceResult<IReadOnlyList<ScrapeTarget>>.Success([]);

    public Task<SourceResult<IReadOnlyList<ScrapeTarget>>> GetTargetsAsync(CancellationToken cancellationToken = default) => Task.FromResult(Targets);

    public Task<SourceResult<IReadOnlyList<PromSample>>> QueryAsync(string promQl, DateTimeOffset? time = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("not used by these tests");

    public Task<SourceResult<IReadOnlyList<PromSeries>>> QueryRangeAsync(string promQl, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("not used by these tests");

    public static ScrapeTarget Target(string job, string health, DateTimeOffset? lastScrape, string? lastError = null, string? service = null) =>
        new(new Dictionary<string, string> { ["job"] = job, ["instance"] = "127.0.0.1:1", ["service"] = service ?? job },
            job, "http://127.0.0.1:1/metrics", health, lastScrape, TimeSpan.FromMilliseconds(12), lastError);
}

/// <summary>An HTTP handler that answers with a fixed response (or throws) and records the requests.</summary>
public sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<(HttpMethod Method, string Uri, string? Body)> Requests { get; } = [];

    public static StubHandler Json(string body, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json") =>
        new(_ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!.ToString(), body));
        return respond(request);
    }
}

/// <summary>A clock the test moves.</summary>
public sealed class FakeTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
