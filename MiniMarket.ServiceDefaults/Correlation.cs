using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serilog.Context;

namespace MiniMarket.ServiceDefaults;

/// <summary>
/// One id per user action that follows it through every service: the console or an agent sends it as
/// <c>X-Correlation-Id</c> on each call, every service logs it (property <c>CorrelationId</c>) and echoes it on the
/// response, so the logs of the three agents for one request are one Loki query away. A request that arrives
/// without one (or with one that is not a short token) gets the W3C trace id.
/// </summary>
public static class Correlation
{
    public const string Header = "X-Correlation-Id";
    public const string LogProperty = "CorrelationId";
    public const int MaxLength = 64;

    private static readonly AsyncLocal<string?> Ambient = new();

    /// <summary>The id of the request or job this code runs for, if any.</summary>
    public static string? Current => Ambient.Value;

    /// <summary>Starts a correlation scope for work that no request started (a background job): logs and calls carry <paramref name="id"/>.</summary>
    public static IDisposable Begin(string? id = null)
    {
        var previous = Ambient.Value;
        var value = IsValid(id) ? id! : NewId();
        Ambient.Value = value;
        var property = LogContext.PushProperty(LogProperty, value);
        return new Scope(previous, property);
    }

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string NewId() => Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");

    /// <summary>Reads or assigns the request's correlation id, logs with it and echoes it on the response.</summary>
    public static IApplicationBuilder UseCorrelation(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var incoming = context.Request.Headers[Header].ToString();
        using var scope = Begin(IsValid(incoming) ? incoming : null);
        var id = Ambient.Value!;
        // At the start of the response, so that an error page written by the exception handler (which clears headers) has it too.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        await next(context);
    });

    private sealed class Scope(string? previous, IDisposable property) : IDisposable
    {
        public void Dispose()
        {
            property.Dispose();
            Ambient.Value = previous;
        }
    }
}

/// <summary>Puts the current correlation id on every outgoing call (register it on each client that calls another service).</summary>
public sealed class CorrelationHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Outside any request or job (a Blazor circuit's event), each call still gets an id of its own.
        if (!request.Headers.Contains(Correlation.Header)) request.Headers.Add(Correlation.Header, Correlation.Current ?? Guid.NewGuid().ToString("N"));
        return base.SendAsync(request, cancellationToken);
    }
}
