using System.Text.Json;

namespace MiniMarket.Console.Services;

/// <summary>
/// The envelope Prometheus' <c>/api/v1</c> and Loki's <c>/loki/api/v1</c> answers share: <c>status</c> ("success" or "error"),
/// <c>data</c> (kept as JSON until read as the endpoint's own record), <c>errorType</c>, <c>error</c>, <c>warnings</c>.
/// </summary>
internal sealed record ApiEnvelope(string? Status, JsonElement? Data, string? ErrorType, string? Error, IReadOnlyList<string>? Warnings);
