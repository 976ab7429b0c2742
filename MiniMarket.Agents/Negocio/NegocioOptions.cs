using Microsoft.Extensions.Options;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Negocio;

/// <summary>Settings of the business agent (section <c>Negocio</c>).</summary>
public sealed class NegocioOptions
{
    public const string Section = "Negocio";
    public const string InflationFromConfiguration = "configuracion";
    public const string InflationFromMl = "ml";

    public Uri DepositoUrl { get; set; } = new("http://127.0.0.1:8001/");
    public Uri MlUrl { get; set; } = new("http://127.0.0.1:8003/");

    /// <summary>The monthly inflation used for replacement costs when <see cref="InflationSource"/> is "configuracion" (or ml has no figure).</summary>
    public decimal MonthlyInflationPercent { get; set; } = MonthlyInflation.DefaultPercent;

    /// <summary>"configuracion" (the figure above) or "ml" (the store's own inflation as ml measures it, falling back to the figure above).</summary>
    public string InflationSource { get; set; } = InflationFromConfiguration;

    /// <summary>Markup for a category without its own (one set through the API wins over these).</summary>
    public decimal DefaultMarkupPercent { get; set; } = 35m;

    public Dictionary<string, decimal> MarkupPercentByCategory { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How often purchase orders are proposed from critical stock; 0 turns the job off.</summary>
    public TimeSpan OrderProposalInterval { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan FirstOrderProposalDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the business gauges (critical stock, revenue, open orders, drafts) are refreshed.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the prices of confirmed invoices that deposito missed (it was down) are sent again.</summary>
    public TimeSpan PriceSyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest invoice image accepted (the ml agent has its own limit too).</summary>
    public long MaxImageBytes { get; set; } = 15 * 1024 * 1024;

    /// <summary>One attempt of a call to deposito; two quick retries for the calls that are safe to repeat.</summary>
    public TimeSpan DepositoTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>One attempt of a forecast or inflation read from ml (retried twice like deposito's reads).</summary>
    public TimeSpan MlTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Reading a photo takes seconds (and is never retried).</summary>
    public TimeSpan OcrTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long deposito's product list is reused (line matching, revenue valuation).</summary>
    public TimeSpan CatalogMaxAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A line matches a product by name when their word similarity reaches this (0..1).</summary>
    public double NameMatchThreshold { get; set; } = 0.5;
}

/// <summary>What negocio keeps in memory between requests: deposito's catalog and ml's measured inflation.</summary>
public sealed class NegocioCaches
{
    public SemaphoreSlim CatalogGate { get; } = new(1, 1);

    // Immutable snapshots swapped whole (a reference write is atomic): a reader never sees half of one.
    public CatalogSnapshot? Catalog { get; set; }
    public InflationSnapshot? MeasuredInflation { get; set; }

    /// <summary>Forgets the catalog (prices changed after a confirmation).</summary>
    public void InvalidateCatalog() => Catalog = null;
}

public sealed record CatalogSnapshot(DateTimeOffset At, IReadOnlyList<MiniMarket.Core.Contracts.ProductDto> Products);

public sealed record InflationSnapshot(DateTimeOffset At, decimal Percent);

public sealed class NegocioOptionsValidator : IValidateOptions<NegocioOptions>
{
    public ValidateOptionsResult Validate(string? name, NegocioOptions o)
    {
        var failures = new List<string>();
        foreach (var (key, url) in new[] { ("DepositoUrl", o.DepositoUrl), ("MlUrl", o.MlUrl) })
        {
            if (url is null || !url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
                failures.Add($"'{NegocioOptions.Section}:{key}' debe ser una URL http(s) absoluta.");
        }
        if (o.MonthlyInflationPercent is < MonthlyInflation.MinPercent or > MonthlyInflation.MaxPercent)
            failures.Add($"'{NegocioOptions.Section}:MonthlyInflationPercent' va de {MonthlyInflation.MinPercent} a {MonthlyInflation.MaxPercent} (es {o.MonthlyInflationPercent}).");
        if (o.InflationSource is not (NegocioOptions.InflationFromConfiguration or NegocioOptions.InflationFromMl))
            failures.Add($"'{NegocioOptions.Section}:InflationSource' es 'configuracion' o 'ml' (es '{o.InflationSource}').");
        foreach (var (category, markup) in o.MarkupPercentByCategory.Append(new("(default)", o.DefaultMarkupPercent)))
        {
            if (markup is < 0 or > Markups.MaxPercent)
                failures.Add($"'{NegocioOptions.Section}:MarkupPercentByCategory' de {category} va de 0 a {Markups.MaxPercent} (es {markup}).");
        }
        if (o.OrderProposalInterval < TimeSpan.Zero) failures.Add($"'{NegocioOptions.Section}:OrderProposalInterval' no puede ser negativo.");
        if (o.MetricsInterval <= TimeSpan.Zero) failures.Add($"'{NegocioOptions.Section}:MetricsInterval' debe ser mayor que cero.");
        if (o.PriceSyncInterval <= TimeSpan.Zero) failures.Add($"'{NegocioOptions.Section}:PriceSyncInterval' debe ser mayor que cero.");
        if (o.MaxImageBytes is < 1024 or > 50 * 1024 * 1024) failures.Add($"'{NegocioOptions.Section}:MaxImageBytes' va de 1 KB a 50 MB.");
        if (o.DepositoTimeout < TimeSpan.FromMilliseconds(100) || o.DepositoTimeout > TimeSpan.FromMinutes(2))
            failures.Add($"'{NegocioOptions.Section}:DepositoTimeout' va de 100 ms a 2 min.");
        if (o.MlTimeout < TimeSpan.FromMilliseconds(100) || o.MlTimeout > TimeSpan.FromMinutes(2))
            failures.Add($"'{NegocioOptions.Section}:MlTimeout' va de 100 ms a 2 min.");
        if (o.OcrTimeout < TimeSpan.FromSeconds(1) || o.OcrTimeout > TimeSpan.FromMinutes(5))
            failures.Add($"'{NegocioOptions.Section}:OcrTimeout' va de 1 s a 5 min.");
        if (o.CatalogMaxAge < TimeSpan.Zero || o.CatalogMaxAge > TimeSpan.FromHours(1)) failures.Add($"'{NegocioOptions.Section}:CatalogMaxAge' va de 0 a 1 h.");
        if (o.NameMatchThreshold is <= 0 or > 1) failures.Add($"'{NegocioOptions.Section}:NameMatchThreshold' va de 0 a 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
