using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using MiniMarket.Core.Domain;

namespace MiniMarket.ServiceDefaults;

/// <summary>
/// Turns every exception into RFC 9457 ProblemDetails: a broken business rule is a 400 naming the field at fault,
/// a malformed request a 400, anything else a 500 that shows no internals.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case DomainException domain:
                problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [domain.Field] = [domain.Message] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "La solicitud no cumple una regla del negocio.",
                    Detail = domain.Message,
                };
                break;
            case DependencyUnavailableException down:
                httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(down.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = $"El servicio {down.Dependency} no está disponible.",
                    Detail = down.Message,
                    Extensions = { ["dependency"] = down.Dependency },
                };
                break;
            case DependencyRefusedException refused:
                problem = new HttpValidationProblemDetails(refused.Errors.ToDictionary(e => e.Key, e => e.Value))
                {
                    Status = refused.Status,
                    Title = refused.Title,
                    Detail = refused.Message,
                    Extensions = { ["dependency"] = refused.Dependency },
                };
                break;
            case BadHttpRequestException { InnerException: System.Text.Json.JsonException json } bad:
                {
                    var field = JsonField(json.Path);
                    problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [JsonMessage(json, field)] })
                    {
                        Status = bad.StatusCode,
                        Title = "Solicitud mal formada.",
                        Detail = field == "body" ? "El cuerpo no es un JSON válido para esta operación." : $"El campo '{field}' no se pudo leer.",
                    };
                    break;
                }
            case BadHttpRequestException bad:
                {
                    var field = BindingField(bad.Message);
                    problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [BindingMessage(bad, field)] })
                    {
                        Status = bad.StatusCode,
                        Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Cuerpo demasiado grande." : "Solicitud mal formada.",
                        Detail = BindingMessage(bad, field),
                    };
                    break;
                }
            case var unavailable when DatabaseUnavailable(unavailable) is { } cause:
                httpContext.Response.Headers.RetryAfter = DatabaseRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                LogDatabaseUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, cause.Message);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "La base de datos no está disponible.",
                    Detail = $"PostgreSQL no respondió; nada quedó escrito. Reintente en {DatabaseRetryAfterSeconds} s.",
                    Extensions = { ["dependency"] = "postgres" },
                };
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                problem = new ProblemDetails { Status = 499, Title = "El cliente canceló la solicitud." };
                break;
            default:
                LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "Error interno.",
                    Detail = "Ocurrió un error inesperado. El identificador de la traza permite encontrarlo en los logs.",
                };
                break;
        }
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>How long a caller is told to wait when PostgreSQL is unavailable (a restart takes a few seconds).</summary>
    public const int DatabaseRetryAfterSeconds = 5;

    /// <summary>"$.lines[1].quantity" becomes "lines[1].quantity"; the root ("$") or no path is the body as a whole.</summary>
    internal static string JsonField(string? path) =>
        path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
        : path is { Length: > 2 } && path.StartsWith("$[", StringComparison.Ordinal) ? "body" + path[1..]
        : "body";

    private static string JsonMessage(System.Text.Json.JsonException json, string field)
    {
        var message = json.Message;
        if (message.StartsWith("The JSON property", StringComparison.Ordinal) && message.Contains("could not be mapped", StringComparison.Ordinal))
            return $"El campo '{field}' no existe en esta operación.";
        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
            return $"El campo '{field}' aparece más de una vez.";
        if (message.StartsWith("El texto", StringComparison.Ordinal))
        {
            var end = message.IndexOf(" Path:", StringComparison.Ordinal);
            return end > 0 ? message[..end] : message;
        }
        return field == "body"
            ? "El cuerpo no es JSON válido o no tiene la forma esperada (un objeto)."
            : $"Valor inválido para '{field}': no tiene el tipo esperado (los números van sin comillas) o está fuera de rango.";
    }

    private static readonly System.Text.RegularExpressions.Regex ParameterName = new(
        "parameter \"(?:[^\"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>The parameter a binding failure names ("Failed to bind parameter \"DateOnly? from\" from \"abc\"." → from).</summary>
    internal static string BindingField(string message) =>
        message.Contains("JSON media type", StringComparison.Ordinal) ? "Content-Type"
        : ParameterName.Match(message) is { Success: true } match ? match.Groups["name"].Value
        : "body";

    private static string BindingMessage(BadHttpRequestException bad, string field) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => "El cuerpo supera el tamaño máximo de esta operación.",
        StatusCodes.Status415UnsupportedMediaType => "Envíe el cuerpo como application/json.",
        _ when bad.Message.StartsWith("Required parameter", StringComparison.Ordinal) => $"Falta el parámetro '{field}'.",
        _ when field == "body" => "No se pudo leer la solicitud: " + bad.Message,
        _ => $"El valor de '{field}' no tiene el formato esperado.",
    };

    /// <summary>
    /// The database could not be reached or refused to serve now (a restart, a failover, no free connection), as opposed to
    /// refusing the statement: the request can succeed later, so it is a 503, not a bug. Walks the wrapped exceptions (EF
    /// Core wraps Npgsql's).
    /// </summary>
    internal static Exception? DatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "53000" or "53100" or "53200":
                    return pg;
                case Npgsql.PostgresException:
                    return null;
                case Npgsql.NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or TimeoutException or IOException:
                    return npgsql;
            }
        }
        return null;
    }

    /// <summary>Adds the trace id and the request path to every ProblemDetails the service writes.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        // The framework's own 415 (a JSON endpoint sent another media type) says nothing about which input was wrong.
        if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && !context.ProblemDetails.Extensions.ContainsKey("errors")
            && context.ProblemDetails is not HttpValidationProblemDetails)
        {
            context.ProblemDetails.Detail ??= "Envíe el cuerpo como application/json.";
            context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { ["Content-Type"] = [context.ProblemDetails.Detail] };
        }
        context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        if (Correlation.Current is { } correlation) context.ProblemDetails.Extensions["correlationId"] = correlation;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable on {Method} {Path}: {Reason}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}

/// <summary>
/// Another service this one needs is down, timing out or behind an open circuit: the request is answered 503 with a
/// Retry-After, and nothing has been written.
/// </summary>
public sealed class DependencyUnavailableException(string dependency, string message, TimeSpan retryAfter, Exception? inner = null)
    : Exception(message, inner)
{
    public string Dependency { get; } = dependency;
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Another service refused what this one asked on the user's behalf (stock that is not there, a product deactivated):
/// relayed with the same status and the fields at fault, named in the caller's terms.
/// </summary>
public sealed class DependencyRefusedException(string dependency, int status, string title, string message, IReadOnlyDictionary<string, string[]> errors)
    : Exception(message)
{
    public string Dependency { get; } = dependency;
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>ProblemDetails whose <c>errors</c> name the field at fault, like a validation problem (RFC 9457 + ASP.NET's shape).</summary>
public static class FieldProblem
{
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Of(int status, string title, string field, string detail,
        IEnumerable<KeyValuePair<string, object?>>? extensions = null)
    {
        var all = new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } };
        foreach (var (key, value) in extensions ?? []) all[key] = value;
        return TypedResults.Problem(detail, statusCode: status, title: title, extensions: all);
    }
}
