using Microsoft.Extensions.Options;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.LogStore;

/// <summary>
/// The console's embedded log store (section <c>Observability:LogStore</c>): the services send their logs to the console over
/// OTLP/HTTP (<c>POST /otlp/v1/logs</c>, the same exporter that sends them to Loki 3), the console keeps them in a SQLite file
/// bounded by age and bytes and answers the Logs page from it. On by default when <c>Observability:LokiUrl</c> is not set.
/// </summary>
public sealed class LogStoreOptions
{
    public const string Section = "Observability:LogStore";

    /// <summary>The OTLP/HTTP path the receiver answers on (Loki 3's is <c>/otlp/v1/logs</c>: the services' setting has the same shape).</summary>
    public const string ReceiverPath = "/otlp/v1/logs";

    /// <summary>True or false; unset, on exactly when <c>Observability:LokiUrl</c> is not set.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The SQLite file (its directory is created). Relative paths are under the content root.</summary>
    public string Path { get; set; } = "logstore/logs.db";

    /// <summary>Lines older than this are deleted (checked every <see cref="MaintenanceInterval"/>).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Past this many bytes of stored lines the oldest are deleted (the file shrinks with them).</summary>
    public long MaxBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>A line (the record's body) longer than this many UTF-8 bytes is cut, said in the line and counted.</summary>
    public int MaxLineBytes { get; set; } = 16 * 1024;

    /// <summary>The most bytes of one OTLP request, after decompression (413 above).</summary>
    public int MaxRequestBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Lines received and not yet written; past it new lines are dropped and counted (a flood never blocks a sender).</summary>
    public int QueueCapacity { get; set; } = 50_000;

    /// <summary>How often age and size limits are applied.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A bearer token the senders must present (<c>Authorization: Bearer …</c>). Unset, only senders on this machine
    /// (loopback, not through a proxy) are accepted.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>Whether the store runs with these options and <paramref name="observability"/>.</summary>
    public bool IsEnabled(ObservabilityOptions observability) => Enabled ?? string.IsNullOrWhiteSpace(observability.LokiUrl);
}

public sealed class LogStoreOptionsValidator : IValidateOptions<LogStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, LogStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path)) failures.Add("La configuración 'Observability:LogStore:Path' no puede estar vacía.");
        if (options.MaxAge < TimeSpan.FromMinutes(1)) failures.Add("La configuración 'Observability:LogStore:MaxAge' debe ser de al menos 00:01:00.");
        if (options.MaxBytes < 1024 * 1024) failures.Add("La configuración 'Observability:LogStore:MaxBytes' debe ser de al menos 1048576 (1 MiB).");
        if (options.MaxLineBytes is < 256 or > 1024 * 1024) failures.Add("La configuración 'Observability:LogStore:MaxLineBytes' debe estar entre 256 y 1048576.");
        if (options.MaxRequestBytes is < 64 * 1024 or > 256 * 1024 * 1024) failures.Add("La configuración 'Observability:LogStore:MaxRequestBytes' debe estar entre 65536 y 268435456.");
        if (options.QueueCapacity is < 100 or > 10_000_000) failures.Add("La configuración 'Observability:LogStore:QueueCapacity' debe estar entre 100 y 10000000.");
        if (options.MaintenanceInterval < TimeSpan.FromMilliseconds(100) || options.MaintenanceInterval > TimeSpan.FromHours(1))
            failures.Add("La configuración 'Observability:LogStore:MaintenanceInterval' debe estar entre 00:00:00.1 y 01:00:00.");
        if (options.Token is { Length: > 0 } token && token.Trim().Length < 16)
            failures.Add("La configuración 'Observability:LogStore:Token' debe tener al menos 16 caracteres.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
