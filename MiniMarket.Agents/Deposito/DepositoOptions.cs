using Microsoft.Extensions.Options;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Deposito;

/// <summary>The warehouse agent's settings (section <c>Deposito</c>).</summary>
public sealed class DepositoOptions
{
    public const string Section = "Deposito";

    /// <summary>verano | otono | invierno | primavera to fix the season; empty: from the date (southern hemisphere).</summary>
    public string? Season { get; set; }

    /// <summary>How long a product stays in the Redis cache.</summary>
    public TimeSpan ProductCacheTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Where negocio answers: a product's supplier is checked there.</summary>
    public Uri NegocioUrl { get; set; } = new("http://127.0.0.1:8002/");

    /// <summary>How long to wait for negocio's answer about a supplier (one attempt and one retry).</summary>
    public TimeSpan NegocioTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the stock gauges (per category, critical count) are recomputed from the database.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(15);

    public Season SeasonFor(DateOnly date) => ParseSeason(Season) ?? SeasonCalendar.For(date);

    public static Season? ParseSeason(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "verano" => Core.Domain.Season.Verano,
        "otono" or "otoño" => Core.Domain.Season.Otono,
        "invierno" => Core.Domain.Season.Invierno,
        "primavera" => Core.Domain.Season.Primavera,
        _ => throw new FormatException(text),
    };
}

public sealed class DepositoOptionsValidator : IValidateOptions<DepositoOptions>
{
    public ValidateOptionsResult Validate(string? name, DepositoOptions options)
    {
        var failures = new List<string>();
        try
        {
            DepositoOptions.ParseSeason(options.Season);
        }
        catch (FormatException)
        {
            failures.Add($"La configuración 'Deposito:Season' vale '{options.Season}': se esperaba verano, otono, invierno o primavera (o vacío).");
        }
        if (options.ProductCacheTtl < TimeSpan.FromSeconds(1) || options.ProductCacheTtl > TimeSpan.FromHours(1))
            failures.Add("La configuración 'Deposito:ProductCacheTtl' debe estar entre 00:00:01 y 01:00:00.");
        if (options.NegocioUrl is not { IsAbsoluteUri: true } url || url.Scheme is not ("http" or "https"))
            failures.Add("La configuración 'Deposito:NegocioUrl' debe ser una URL http(s) absoluta.");
        if (options.NegocioTimeout < TimeSpan.FromMilliseconds(100) || options.NegocioTimeout > TimeSpan.FromMinutes(1))
            failures.Add("La configuración 'Deposito:NegocioTimeout' debe estar entre 00:00:00.1 y 00:01:00.");
        if (options.MetricsInterval < TimeSpan.FromSeconds(1))
            failures.Add("La configuración 'Deposito:MetricsInterval' debe ser de al menos 00:00:01.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
