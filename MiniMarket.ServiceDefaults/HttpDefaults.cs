using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniMarket.Core.Domain;

namespace MiniMarket.ServiceDefaults;

/// <summary>How every service treats HTTP requests (section <c>Http</c>), plus ASP.NET Core's own <c>AllowedHosts</c>.</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>A request that takes longer is abandoned and answered 504 (the work it was doing is cancelled).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>For the endpoints that take seconds by design (an invoice photo's OCR, a model training): <see cref="HttpDefaults.LongRequests"/>.</summary>
    public TimeSpan LongRequestTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest request body an endpoint takes unless it declares its own (uploads do): 256 KB.</summary>
    public long MaxBodyBytes { get; set; } = 256 * 1024;
}

public sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var failures = new List<string>();
        if (options.RequestTimeout <= TimeSpan.Zero) failures.Add("'Http:RequestTimeout' debe ser mayor que cero.");
        if (options.LongRequestTimeout < options.RequestTimeout) failures.Add("'Http:LongRequestTimeout' no puede ser menor que 'Http:RequestTimeout'.");
        if (options.MaxBodyBytes is < 1024 or > 64 * 1024 * 1024) failures.Add("'Http:MaxBodyBytes' va de 1024 a 67108864.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// The request rules every service shares: JSON bodies are read strictly (numbers are JSON numbers, an unknown or repeated
/// field is refused by name, a string with a control character is refused by name), every body has a size limit, every request a
/// time limit, query strings and route values are clean text, and only the configured host names are served.
/// </summary>
public static class HttpDefaults
{
    /// <summary>The request-timeout policy of endpoints that take seconds by design.</summary>
    public const string LongRequests = "long";

    public static void AddMiniMarketHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        services.ConfigureHttpJsonOptions(o => Strict(o.SerializerOptions));
        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<HttpOptions>>((timeouts, http) =>
        {
            timeouts.DefaultPolicy = Policy(http.Value.RequestTimeout);
            timeouts.AddPolicy(LongRequests, Policy(http.Value.LongRequestTimeout));
        });
        // ASP.NET Core's own host filter runs before everything (before the metrics and the request log see the request) and
        // answers with an empty 400. It is opened here, and the same AllowedHosts list is enforced inside the pipeline instead
        // (UseAllowedHosts), answering a ProblemDetails that the metrics and the log see like any other refusal.
        services.PostConfigure<HostFilteringOptions>(o => o.AllowedHosts = ["*"]);
        services.AddSingleton(new AllowedHosts(configuration["AllowedHosts"]));
    }

    /// <summary>Strict JSON for request bodies (also used by tests that send what clients send).</summary>
    public static JsonSerializerOptions Strict(JsonSerializerOptions options)
    {
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // {"quantity": 1, "quantity": -1}: which one counts depends on the reader; refuse instead of guessing.
        options.AllowDuplicateProperties = false;
        options.Converters.Insert(0, new CleanStringConverter());
        return options;
    }

    private static RequestTimeoutPolicy Policy(TimeSpan timeout) => new()
    {
        Timeout = timeout,
        TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        WriteTimeoutResponse = context => context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status504GatewayTimeout,
                Title = "La solicitud tardó demasiado.",
                Detail = $"No terminó en {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s y se canceló; nada quedó a medias.",
            },
        }).AsTask(),
    };

    /// <summary>
    /// Refuses a request for a host name that is not in <c>AllowedHosts</c> (e.g. <c>localhost;127.0.0.1;[::1];consola.example</c>,
    /// <c>*.example</c> for subdomains, <c>*</c> for any): a forged Host header can then never reach a redirect or a link.
    /// </summary>
    public static IApplicationBuilder UseAllowedHosts(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var allowed = context.RequestServices.GetRequiredService<AllowedHosts>();
        if (!allowed.Allows(context.Request.Host))
        {
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "Host no permitido.", "Host",
                "Este servicio no atiende ese nombre de host (AllowedHosts).");
            return;
        }
        await next(context);
    });

    /// <summary>
    /// After routing: the body limit of the endpoint (its <see cref="IRequestSizeLimitMetadata"/>, else <see cref="HttpOptions.MaxBodyBytes"/>),
    /// checked against Content-Length before anything is read (413) and enforced by the server while reading a chunked body;
    /// and every query string and route value checked for control characters (400 naming the parameter).
    /// </summary>
    public static IApplicationBuilder UseRequestGuards(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // An endpoint that declares a limit of null (DisableRequestSizeLimit) enforces its own (uploads: ImageUpload).
        var declared = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        var limit = declared is null ? context.RequestServices.GetRequiredService<IOptions<HttpOptions>>().Value.MaxBodyBytes : declared.MaxRequestBodySize;
        if (limit is not null && context.Request.ContentLength > limit)
        {
            await WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Cuerpo demasiado grande.", "body",
                $"El cuerpo tiene {context.Request.ContentLength} bytes; el máximo es {limit}.");
            return;
        }
        if (limit is not null && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        // A console page reads its own address (AddressFilters): a filter it cannot understand is ignored and said on the
        // page, never answered with an error instead of the page.
        if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null)
        {
            await next(context);
            return;
        }

        foreach (var (key, values) in context.Request.Query)
        {
            if (TextInput.FirstForbidden(key, multiline: false) is { } badName)
            {
                await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "Parámetro inválido.", "query",
                    $"El nombre de un parámetro tiene un carácter no permitido: {TextInput.Describe(badName)}.");
                return;
            }
            foreach (var value in values)
            {
                if (value is not null && TextInput.FirstForbidden(value, multiline: false) is { } bad)
                {
                    await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "Parámetro inválido.", Shorten(key),
                        $"El parámetro '{Shorten(key)}' tiene un carácter no permitido: {TextInput.Describe(bad)}.");
                    return;
                }
            }
        }
        foreach (var (key, value) in context.Request.RouteValues)
        {
            if (value is string text && TextInput.FirstForbidden(text, multiline: false) is { } bad)
            {
                await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "Parámetro inválido.", key,
                    $"El parámetro '{key}' tiene un carácter no permitido: {TextInput.Describe(bad)}.");
                return;
            }
        }
        await next(context);
    });

    private static string Shorten(string key) => key.Length <= 40 ? key : key[..40] + "…";

    private static Task WriteProblemAsync(HttpContext context, int status, string title, string field, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] })
            {
                Status = status,
                Title = title,
                Detail = detail,
            },
        }).AsTask();
    }
}

/// <summary>The host names a service answers for, from the <c>AllowedHosts</c> setting (<c>;</c>-separated; empty or <c>*</c> = any).</summary>
public sealed class AllowedHosts
{
    private readonly string[] _exact;
    private readonly string[] _suffixes;
    private readonly bool _any;

    public AllowedHosts(string? setting)
    {
        var hosts = (setting ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        _any = hosts.Length == 0 || hosts.Contains("*");
        _exact = hosts.Where(h => !h.StartsWith("*.", StringComparison.Ordinal)).Select(Normalize).ToArray();
        _suffixes = hosts.Where(h => h.StartsWith("*.", StringComparison.Ordinal)).Select(h => Normalize(h[1..])).ToArray();
    }

    public bool Allows(HostString host)
    {
        if (_any) return true;
        if (!host.HasValue) return false;
        var name = Normalize(host.Host);
        return _exact.Contains(name, StringComparer.Ordinal) || _suffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal) && name.Length > s.Length);
    }

    private static string Normalize(string host) => host.Trim().TrimEnd('.').ToLowerInvariant();
}

/// <summary>
/// Reads JSON strings for request bodies: a string with a control character other than line feed, carriage return and
/// tab (NUL above all, which PostgreSQL cannot store) is refused where it is read, so that the 400 names the field.
/// Names and codes are checked more strictly by the domain (<see cref="TextInput"/>).
/// </summary>
public sealed class CleanStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("Se esperaba un texto.");
        var value = reader.GetString()!;
        if (TextInput.FirstForbidden(value, multiline: true) is { } bad)
            throw new JsonException($"El texto tiene un carácter no permitido: {TextInput.Describe(bad)}.");
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
