using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Hosting;

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
            case BadHttpRequestException { InnerException: System.Text.Json.JsonException json } bad when JsonField(json.Path) is { } field:
                problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [field] = [$"Valor inválido para '{field}': no tiene el tipo esperado o está fuera de rango."],
                })
                {
                    Status = bad.StatusCode,
                    Title = "Solicitud mal formada.",
                    Detail = $"El campo '{field}' no se pudo leer.",
                };
                break;
            case BadHttpRequestException bad:
                problem = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = "Solicitud mal formada.",
                    Detail = bad.Message,
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

    /// <summary>"$.lines[1].quantity" becomes "lines[1].quantity"; the root ("$") names no field.</summary>
    internal static string? JsonField(string? path) =>
        path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;

    /// <summary>Adds the trace id and the request path to every ProblemDetails the service writes.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        if (Correlation.Current is { } correlation) context.ProblemDetails.Extensions["correlationId"] = correlation;
    }

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
