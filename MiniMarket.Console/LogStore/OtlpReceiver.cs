using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MiniMarket.ServiceDefaults;
using Prometheus;

namespace MiniMarket.Console.LogStore;

/// <summary>
/// <c>POST /otlp/v1/logs</c>: OTLP/HTTP logs (binary protobuf or JSON, optionally gzip) into the embedded store. Only for
/// senders that present <see cref="LogStoreOptions.Token"/>, or, without a token configured, for senders on this machine
/// that did not come through a proxy. Answers as OTLP says: 200 with an <c>ExportLogsServiceResponse</c> (its
/// <c>partial_success</c> counts the lines a full queue dropped); a refusal is a ProblemDetails naming the field
/// (401 Authorization, 413 body, 415 Content-Type/Content-Encoding, 400 the field that did not decode) and stores nothing.
/// </summary>
public static class OtlpReceiver
{
    private static readonly Counter Requests = Metrics.CreateCounter("minimarket_logstore_requests_total",
        "OTLP/HTTP log requests to the console's embedded store, by outcome (accepted, unauthorized, too_large, unsupported, malformed).",
        new CounterConfiguration { LabelNames = ["outcome"] });

    public static IEndpointRouteBuilder MapOtlpLogReceiver(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<LogStoreOptions>>().Value;
        endpoints.MapPost(LogStoreOptions.ReceiverPath, ReceiveAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            // Its own limits: the bounded queue (a flood is dropped and counted) and the sender check.
            .DisableRateLimiting()
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxRequestBytes), new QuietRequestLog())
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, EmbeddedLogStore store, IOptions<LogStoreOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        if (Refusal(context, settings) is { } refused)
        {
            Requests.WithLabels("unauthorized").Inc();
            if (settings.Token is { Length: > 0 }) context.Response.Headers.WWWAuthenticate = "Bearer";
            return refused;
        }
        var mediaType = (context.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var json = mediaType == "application/json";
        if (!json && mediaType != "application/x-protobuf")
        {
            Requests.WithLabels("unsupported").Inc();
            return FieldProblem.Of(StatusCodes.Status415UnsupportedMediaType, "Tipo de contenido no admitido.", "Content-Type",
                $"El receptor OTLP acepta application/x-protobuf o application/json; llegó '{context.Request.ContentType}'.");
        }
        var encoding = context.Request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        if (encoding is not ("" or "identity" or "gzip"))
        {
            Requests.WithLabels("unsupported").Inc();
            return FieldProblem.Of(StatusCodes.Status415UnsupportedMediaType, "Codificación no admitida.", "Content-Encoding",
                $"El receptor OTLP acepta cuerpos sin comprimir o en gzip; llegó '{encoding}'.");
        }

        byte[]? body;
        try
        {
            body = await ReadAsync(context, encoding == "gzip", settings.MaxRequestBytes);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body = null;
        }
        catch (InvalidDataException ex)
        {
            Requests.WithLabels("malformed").Inc();
            return FieldProblem.Of(StatusCodes.Status400BadRequest, "Cuerpo gzip inválido.", "body", ex.Message);
        }
        if (body is null)
        {
            Requests.WithLabels("too_large").Inc();
            return FieldProblem.Of(StatusCodes.Status413PayloadTooLarge, "Cuerpo demasiado grande.", "body",
                $"El pedido (descomprimido) pasa de {settings.MaxRequestBytes} bytes (Observability:LogStore:MaxRequestBytes): mandá lotes más chicos.");
        }

        OtlpBatch batch;
        try
        {
            batch = json ? OtlpLogs.ReadJson(body, settings.MaxLineBytes, time.GetUtcNow()) : OtlpLogs.ReadProtobuf(body, settings.MaxLineBytes, time.GetUtcNow());
        }
        catch (FormatException ex)
        {
            Requests.WithLabels("malformed").Inc();
            return FieldProblem.Of(StatusCodes.Status400BadRequest, "Pedido OTLP inválido.", "body", ex.Message);
        }
        Requests.WithLabels("accepted").Inc();
        var accepted = store.Enqueue(batch.Records, batch.Truncated);
        var rejected = batch.Records.Count - accepted;
        var message = rejected > 0 ? $"el almacén de logs de la consola está saturado: se descartaron {rejected} de {batch.Records.Count} líneas" : null;
        return json
            ? Results.Content(rejected > 0 ? System.Text.Json.JsonSerializer.Serialize(new { partialSuccess = new { rejectedLogRecords = rejected.ToString(System.Globalization.CultureInfo.InvariantCulture), errorMessage = message } }) : "{}", "application/json", Encoding.UTF8)
            : Results.Bytes(OtlpLogs.ProtobufResponse(rejected, message), "application/x-protobuf");
    }

    /// <summary>Null when the sender may send; else the 401.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Refusal(HttpContext context, LogStoreOptions settings)
    {
        if (settings.Token is { Length: > 0 } token)
        {
            var header = context.Request.Headers.Authorization.ToString();
            var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(token.Trim()))) return null;
            return FieldProblem.Of(StatusCodes.Status401Unauthorized, "Emisor de logs no autorizado.", "Authorization",
                "El receptor de logs pide 'Authorization: Bearer <Observability:LogStore:Token>'.");
        }
        // No token: this machine only, and not through a proxy (a proxy on loopback would otherwise open it to the world).
        var remote = context.Connection.RemoteIpAddress;
        var proxied = context.Request.Headers.ContainsKey("X-Forwarded-For") || context.Request.Headers.ContainsKey("X-Original-For")
            || context.Request.Headers.ContainsKey("Forwarded");
        if (remote is not null && IPAddress.IsLoopback(remote) && !proxied) return null;
        return FieldProblem.Of(StatusCodes.Status401Unauthorized, "Emisor de logs no autorizado.", "Authorization",
            "Sin Observability:LogStore:Token configurado, el receptor de logs solo acepta envíos desde esta misma máquina.");
    }

    /// <summary>The body (inflated if gzip), or null past <paramref name="max"/> bytes.</summary>
    private static async Task<byte[]?> ReadAsync(HttpContext context, bool gzip, int max)
    {
        await using var gunzip = gzip ? new GZipStream(context.Request.Body, CompressionMode.Decompress, leaveOpen: true) : null;
        var source = (Stream?)gunzip ?? context.Request.Body;
        using var copy = new MemoryStream(context.Request.ContentLength is > 0 and var declared && declared <= max ? (int)declared : 64 * 1024);
        var chunk = new byte[64 * 1024];
        while (true)
        {
            var read = await source.ReadAsync(chunk, context.RequestAborted);
            if (read == 0) return copy.ToArray();
            if (copy.Length + read > max) return null;
            copy.Write(chunk, 0, read);
        }
    }
}
