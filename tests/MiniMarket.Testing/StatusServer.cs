using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MiniMarket.Testing;

/// <summary>
/// Another service that fails on purpose: on a free loopback port it answers every request with <see cref="Status"/>
/// (a ProblemDetails body) and counts the requests <c>counts</c> accepts (all by default) — to see what a client retries.
/// </summary>
public sealed class StatusServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private StatusServer(WebApplication app, Uri url) => (_app, Url) = (app, url);

    /// <summary>The address to point a client at, with its trailing slash.</summary>
    public Uri Url { get; }

    /// <summary>The status every request gets (500 until a test sets it).</summary>
    public int Status { get; set; } = 500;

    /// <summary>The requests counted since the last <see cref="Answer"/>.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public static async Task<StatusServer> StartAsync(Func<HttpRequest, bool>? counts = null)
    {
        var port = TestServers.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new StatusServer(app, new Uri($"http://127.0.0.1:{port}/"));
        app.Run(context =>
        {
            if (counts?.Invoke(context.Request) != false) Interlocked.Increment(ref server._calls);
            context.Response.StatusCode = server.Status;
            return context.Response.WriteAsJsonAsync(new { title = "falla", status = server.Status });
        });
        await app.StartAsync();
        return server;
    }

    /// <summary>From now on every request gets <paramref name="status"/>; the count starts again at 0.</summary>
    public void Answer(int status)
    {
        Status = status;
        Interlocked.Exchange(ref _calls, 0);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
