using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace MiniMarket.Testing;

/// <summary>Every log event a service writes, kept for the test to read (registered as an <see cref="ILogEventSink"/>).</summary>
public sealed class CapturingLogSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public IReadOnlyList<LogEvent> Events => [.. _events];

    /// <summary>The request log line ("HTTP GET /x responded 404 in 3 ms") of the request that carried <paramref name="correlationId"/>.</summary>
    public LogEvent? RequestLog(string correlationId) => Events.FirstOrDefault(e =>
        e.Properties.ContainsKey("StatusCode") && e.Properties.ContainsKey("RequestPath")
        && e.Properties.TryGetValue("CorrelationId", out var id) && id is ScalarValue { Value: string s } && s == correlationId);
}

/// <summary>
/// Faults injected into a service's own database calls, chosen per request by the <c>X-Test-Fault</c> header: <c>throw</c>
/// (a bug: an unexpected exception), <c>unavailable</c> (PostgreSQL refuses to serve: 57P03), <c>slow</c> (the statement
/// hangs until the request is cancelled or times out). Requests without the header are untouched.
/// </summary>
public sealed class DatabaseFaults(IHttpContextAccessor http) : DbCommandInterceptor
{
    public const string Header = "X-Test-Fault";

    /// <summary>Adds the faults to <typeparamref name="TContext"/> of the service being configured.</summary>
    public static void Register<TContext>(IServiceCollection services) where TContext : DbContext
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<DatabaseFaults>();
        services.ConfigureDbContext<TContext>((sp, options) => options.AddInterceptors(sp.GetRequiredService<DatabaseFaults>()));
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await InjectAsync(cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await InjectAsync(cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await InjectAsync(cancellationToken);
        return result;
    }

    private async Task InjectAsync(CancellationToken cancellationToken)
    {
        switch (http.HttpContext?.Request.Headers[Header].ToString())
        {
            case "throw":
                throw new InvalidOperationException("Injected fault: a bug in the handler.");
            case "unavailable":
                throw new Npgsql.PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03");
            case "slow":
                await Task.Delay(TimeSpan.FromMinutes(2), cancellationToken);
                break;
        }
    }
}

/// <summary>The <c>http_requests_received_total</c> series of one endpoint, by status class, read from a <c>/metrics</c> page.</summary>
public static partial class HttpMetricsText
{
    [GeneratedRegex("^http_requests_received_total\\{(?<labels>.*)\\} (?<value>\\S+)$", RegexOptions.Multiline)]
    private static partial Regex Series();

    [GeneratedRegex("(?<name>[a-z_]+)=\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();

    /// <summary>Requests counted for <paramref name="method"/> <paramref name="endpoint"/> (the route pattern), by code label ("2xx", "4xx", "5xx").</summary>
    public static IReadOnlyDictionary<string, double> ByCode(string metrics, string method, string endpoint)
    {
        var counts = new Dictionary<string, double>();
        foreach (Match series in Series().Matches(metrics))
        {
            var labels = Label().Matches(series.Groups["labels"].Value).ToDictionary(l => l.Groups["name"].Value, l => l.Groups["value"].Value);
            if (labels.GetValueOrDefault("method") != method || labels.GetValueOrDefault("endpoint") != endpoint) continue;
            var code = labels.GetValueOrDefault("code") ?? "";
            counts[code] = counts.GetValueOrDefault(code) + double.Parse(series.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return counts;
    }

    /// <summary>The code label prometheus-net gives a status with ReduceStatusCodeCardinality: 404 → "4xx".</summary>
    public static string ClassOf(int status) => $"{status / 100}xx";

    /// <summary>What changed between two readings, by code label (only the labels that changed).</summary>
    public static IReadOnlyDictionary<string, double> Delta(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after) =>
        after.Select(a => (a.Key, Value: a.Value - before.GetValueOrDefault(a.Key))).Where(d => d.Value != 0).ToDictionary(d => d.Key, d => d.Value);
}

/// <summary>One kind of request to a service: how to send it, the route pattern it is counted under, and the status it must get.</summary>
public sealed record Probe(string Method, string Endpoint, Func<HttpRequestMessage> Request, int Expected);

/// <summary>
/// Sends one request to a service and checks that the status the client got (when it got one), the status in the HTTP
/// metric's code label and the status in the request log are the same.
/// </summary>
public static class StatusAgreement
{
    /// <summary>What one request left behind: the status on the wire (null when the client gave up), in the log and the metric deltas.</summary>
    public sealed record Outcome(int? Wire, int LogStatus, LogEventLevel LogLevel, IReadOnlyDictionary<string, double> MetricDelta, HttpResponseMessage? Response);

    /// <summary>Sends <paramref name="probe"/>'s request (with a database fault when given), giving up after <paramref name="giveUpAfter"/> when given.</summary>
    public static Task<Outcome> SendAsync(HttpClient client, Probe probe, CapturingLogSink logs, string? fault = null, TimeSpan? giveUpAfter = null) =>
        SendAsync(client, (http, ct) =>
        {
            var request = probe.Request();
            if (fault is not null) request.Headers.Add(DatabaseFaults.Header, fault);
            return http.SendAsync(request, ct);
        }, logs, probe.Method, probe.Endpoint, giveUpAfter);

    public static async Task<Outcome> SendAsync(HttpClient client, Func<HttpClient, CancellationToken, Task<HttpResponseMessage>> send, CapturingLogSink logs,
        string method, string endpoint, TimeSpan? giveUpAfter = null)
    {
        var correlation = "agree-" + Guid.NewGuid().ToString("N");
        client.DefaultRequestHeaders.Remove(Correlation);
        client.DefaultRequestHeaders.Add(Correlation, correlation);
        var before = HttpMetricsText.ByCode(await client.GetStringAsync("/metrics"), method, endpoint);
        HttpResponseMessage? response = null;
        using (var cancel = new CancellationTokenSource(giveUpAfter ?? TimeSpan.FromSeconds(60)))
        {
            try
            {
                response = await send(client, cancel.Token);
            }
            catch (OperationCanceledException) when (giveUpAfter is not null)
            {
                // The client hung up on purpose: nothing on the wire.
            }
        }
        var log = await Poll.UntilAsync(() => Task.FromResult(logs.RequestLog(correlation)), e => e is not null, TimeSpan.FromSeconds(30),
            $"the request log line of {method} {endpoint}");
        var status = (int)((ScalarValue)log!.Properties["StatusCode"]).Value!;
        IReadOnlyDictionary<string, double> delta = new Dictionary<string, double>();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        string metrics;
        do
        {
            metrics = await client.GetStringAsync("/metrics");
            delta = HttpMetricsText.Delta(before, HttpMetricsText.ByCode(metrics, method, endpoint));
            if (delta.Count > 0) break;
            await Task.Delay(250);
        }
        while (DateTimeOffset.UtcNow < deadline);
        if (delta.Count == 0)
        {
            throw new Xunit.Sdk.XunitException($"the request ({status} in the log) was not counted in http_requests_received_total for {method} {endpoint}; before: "
                + string.Join(", ", before.Select(b => $"{b.Key}={b.Value}")) + "; series:\n"
                + string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("http_requests_received_total{", StringComparison.Ordinal))));
        }
        return new Outcome(response is null ? null : (int)response.StatusCode, status, log.Level, delta, response);
    }

    private const string Correlation = "X-Correlation-Id";

    /// <summary>Asserts the agreement and the status expected, and that a server error (only) is logged at Error.</summary>
    public static void AssertAgree(Outcome outcome, int expected, bool clientGaveUp = false)
    {
        if (!clientGaveUp)
        {
            if (outcome.Wire != expected) throw new Xunit.Sdk.XunitException($"wire: expected {expected}, got {outcome.Wire}");
        }
        if (outcome.LogStatus != expected) throw new Xunit.Sdk.XunitException($"request log: expected {expected}, got {outcome.LogStatus} (wire {outcome.Wire})");
        var expectedClass = HttpMetricsText.ClassOf(expected);
        var delta = string.Join(", ", outcome.MetricDelta.Select(d => $"{d.Key}+{d.Value}"));
        if (outcome.MetricDelta.Count != 1 || outcome.MetricDelta.GetValueOrDefault(expectedClass) != 1)
            throw new Xunit.Sdk.XunitException($"metric: expected {expectedClass}+1, got {delta} (wire {outcome.Wire}, log {outcome.LogStatus})");
        var level = expected >= 500 ? LogEventLevel.Error : LogEventLevel.Information;
        if (outcome.LogLevel != level) throw new Xunit.Sdk.XunitException($"request log level: expected {level} for {expected}, got {outcome.LogLevel}");
    }

    public static bool IsRetryAfter(HttpResponseMessage? response) => response?.Headers.RetryAfter is not null;
}
