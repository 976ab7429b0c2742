using Microsoft.Extensions.Options;

namespace MiniMarket.ServiceDefaults;

/// <summary>Connection strings every service reads (section <c>ConnectionStrings</c>).</summary>
public sealed class ConnectionOptions
{
    public const string Section = "ConnectionStrings";

    /// <summary>Npgsql connection string of the one MiniMarket database.</summary>
    public string? Postgres { get; set; }

    /// <summary>StackExchange.Redis configuration string (host:port,...). Optional for the console.</summary>
    public string? Redis { get; set; }
}

/// <summary>How tokens between the console and the agents are signed and checked (section <c>Jwt</c>).</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";
    public const int MinimumKeyLength = 32;

    /// <summary>HMAC-SHA256 key. A secret: from the environment or a secret file, never from a committed file.</summary>
    public string? SigningKey { get; set; }
    public string Issuer { get; set; } = "minimarket";
    public string Audience { get; set; } = "minimarket-agents";

    /// <summary>Lifetime of the tokens the console mints per call and the agents mint for each other.</summary>
    public TimeSpan CallTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Lifetime of a token an admin obtains for scripts.</summary>
    public TimeSpan ScriptTokenLifetime { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>
/// Checks a setting is present and sane; the message names the configuration key so that a bad or missing
/// setting stops start-up with a message an operator can act on.
/// </summary>
public sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            failures.Add("Falta la configuración 'Jwt:SigningKey' (variable de entorno Jwt__SigningKey): la clave que firma los tokens.");
        }
        else if (options.SigningKey.Length < JwtOptions.MinimumKeyLength)
        {
            failures.Add($"La configuración 'Jwt:SigningKey' es demasiado corta: {options.SigningKey.Length} caracteres, mínimo {JwtOptions.MinimumKeyLength}.");
        }
        if (string.IsNullOrWhiteSpace(options.Issuer)) failures.Add("Falta la configuración 'Jwt:Issuer'.");
        if (string.IsNullOrWhiteSpace(options.Audience)) failures.Add("Falta la configuración 'Jwt:Audience'.");
        if (options.CallTokenLifetime <= TimeSpan.Zero || options.CallTokenLifetime > TimeSpan.FromHours(1))
            failures.Add("La configuración 'Jwt:CallTokenLifetime' debe estar entre 00:00:01 y 01:00:00.");
        if (options.ScriptTokenLifetime <= TimeSpan.Zero || options.ScriptTokenLifetime > TimeSpan.FromDays(30))
            failures.Add("La configuración 'Jwt:ScriptTokenLifetime' debe estar entre 00:00:01 y 30.00:00:00.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Validates the connection strings a service declared it needs.</summary>
public sealed class ConnectionOptionsValidator(bool requireRedis) : IValidateOptions<ConnectionOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectionOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Postgres))
        {
            failures.Add("Falta la configuración 'ConnectionStrings:Postgres' (variable ConnectionStrings__Postgres).");
        }
        else
        {
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(options.Postgres);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"La configuración 'ConnectionStrings:Postgres' no es válida: {ex.Message}");
            }
        }
        if (requireRedis && string.IsNullOrWhiteSpace(options.Redis))
        {
            failures.Add("Falta la configuración 'ConnectionStrings:Redis' (variable ConnectionStrings__Redis).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// The store this service runs for (section <c>Store</c>): every log line carries its id (<c>store</c>), the store's
/// Prometheus puts it on every metric and alert as the external label <c>store</c>, and the service exports
/// <c>minimarket_store_info{store_id,store_name}</c>. A chain's central Prometheus, Loki and Alertmanager tell the stores
/// apart by it, so it is a label value and a path segment: lower-case letters, digits and dashes.
/// </summary>
public sealed class StoreOptions
{
    public const string Section = "Store";
    public const int MaxIdLength = 32, MaxNameLength = 80;

    /// <summary>The store's id: 1 to 32 of a-z, 0-9 and '-', starting and ending with a letter or digit ("palermo", "suc-014").</summary>
    public string Id { get; set; } = "";

    /// <summary>The name people read ("Palermo", "Sucursal 14 - Quilmes"): 1 to 80 characters, no control characters.</summary>
    public string Name { get; set; } = "";

    /// <summary>Whether <paramref name="id"/> is a valid store id (what <see cref="StoreOptionsValidator"/> checks).</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength }
        && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && id[0] != '-' && id[^1] != '-';
}

/// <summary>Checks the store's id and name; a bad one stops start-up naming the key.</summary>
public sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Id))
        {
            failures.Add("Falta la configuración 'Store:Id' (variable de entorno Store__Id): el identificador de la sucursal, p. ej. 'palermo'.");
        }
        else if (!StoreOptions.IsValidId(options.Id))
        {
            failures.Add($"La configuración 'Store:Id' no es válida: '{Printable(options.Id)}'. Debe tener de 1 a {StoreOptions.MaxIdLength} caracteres "
                + "a-z, 0-9 o '-', sin empezar ni terminar con '-' (va en las etiquetas de las métricas, los logs y las alertas).");
        }
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            failures.Add("Falta la configuración 'Store:Name' (variable de entorno Store__Name): el nombre de la sucursal.");
        }
        else if (options.Name.Length > StoreOptions.MaxNameLength || options.Name.Any(char.IsControl) || options.Name.Trim().Length != options.Name.Length)
        {
            failures.Add($"La configuración 'Store:Name' no es válida: de 1 a {StoreOptions.MaxNameLength} caracteres, sin caracteres de control ni espacios al principio o al final.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Printable(string value) =>
        new([.. value.Take(StoreOptions.MaxIdLength + 8).Select(c => char.IsControl(c) ? '?' : c)]);
}
