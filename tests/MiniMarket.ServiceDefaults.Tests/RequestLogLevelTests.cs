using Microsoft.AspNetCore.Http;
using MiniMarket.ServiceDefaults;
using Serilog.Events;

namespace MiniMarket.ServiceDefaults.Tests;

/// <summary>The request log's level from what the client got; probes and the log receiver's successes are not written.</summary>
public class RequestLogLevelTests
{
    private static LogEventLevel Level(string path, int status, bool quiet = false, Exception? exception = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Response.StatusCode = status;
        if (quiet) context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new QuietRequestLog()), "otlp"));
        return HostingDefaults.RequestLogLevel(context, 1, exception);
    }

    [Theory]
    [InlineData("/api/v1/products", 200, false, LogEventLevel.Information)]
    [InlineData("/api/v1/products", 404, false, LogEventLevel.Information)]
    [InlineData("/api/v1/products", 503, false, LogEventLevel.Error)]
    [InlineData("/metrics", 200, false, LogEventLevel.Verbose)]
    [InlineData("/health/ready", 503, false, LogEventLevel.Error)]
    [InlineData("/otlp/v1/logs", 200, true, LogEventLevel.Verbose)]
    [InlineData("/otlp/v1/logs", 401, true, LogEventLevel.Information)]
    [InlineData("/otlp/v1/logs", 500, true, LogEventLevel.Error)]
    public void Level_FromTheStatus_QuietOnlyForSuccesses(string path, int status, bool quiet, LogEventLevel expected) =>
        Assert.Equal(expected, Level(path, status, quiet));

    [Fact]
    public void AnException_IsAnError_EvenOnAQuietEndpoint() =>
        Assert.Equal(LogEventLevel.Error, Level("/otlp/v1/logs", 200, quiet: true, new InvalidOperationException("x")));
}
