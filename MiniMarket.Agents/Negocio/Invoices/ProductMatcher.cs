using Microsoft.Extensions.Options;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Negocio.Invoices;

/// <summary>How a line was matched to a product.</summary>
public static class LineMatches
{
    public const string Code = "codigo";
    public const string Barcode = "barras";
    public const string Name = "nombre";
    public const string Manual = "manual";
}

/// <summary>
/// deposito's active products, read at most every <see cref="NegocioOptions.CatalogMaxAge"/>: matching a whole invoice's
/// lines (and valuing a day's sales) costs one listing, not one call per line.
/// </summary>
public sealed class ProductCatalog(DepositoAgentClient deposito, NegocioCaches caches, IOptions<NegocioOptions> options, TimeProvider time)
{
    public async Task<IReadOnlyList<ProductDto>> GetAsync(CancellationToken ct)
    {
        var maxAge = options.Value.CatalogMaxAge;
        if (caches.Catalog is { } hit && time.GetUtcNow() - hit.At < maxAge) return hit.Products;
        await caches.CatalogGate.WaitAsync(ct);
        try
        {
            if (caches.Catalog is { } again && time.GetUtcNow() - again.At < maxAge) return again.Products;
            var products = await deposito.ListActiveProductsAsync(ct);
            caches.Catalog = new CatalogSnapshot(time.GetUtcNow(), products);
            return products;
        }
        finally
        {
            caches.CatalogGate.Release();
        }
    }
}

/// <summary>
/// Matches an invoice line to a product: by code (the supplier printed ours), by barcode (an EAN-13 in the code
/// column), or by name (word overlap of the folded names, at least <see cref="NegocioOptions.NameMatchThreshold"/>).
/// </summary>
public sealed class ProductMatcher(IOptions<NegocioOptions> options)
{
    public (ProductDto? Product, string? Match, double Score) Match(string? code, string? description, IReadOnlyList<ProductDto> catalog)
    {
        var trimmed = code?.Trim();
        if (!string.IsNullOrEmpty(trimmed))
        {
            var upper = trimmed.ToUpperInvariant();
            if (catalog.FirstOrDefault(p => p.Code == upper) is { } byCode) return (byCode, LineMatches.Code, 1);
            if (Ean13.TryParse(trimmed, out var ean) && catalog.FirstOrDefault(p => p.Barcode == ean.Digits) is { } byBarcode)
                return (byBarcode, LineMatches.Barcode, 1);
        }
        var words = Words(description);
        if (words.Count == 0) return (null, null, 0);
        ProductDto? best = null;
        var bestScore = 0.0;
        foreach (var product in catalog)
        {
            var score = Similarity(words, Words(product.Name));
            if (score > bestScore)
            {
                best = product;
                bestScore = score;
            }
        }
        return bestScore >= options.Value.NameMatchThreshold ? (best, LineMatches.Name, Math.Round(bestScore, 3)) : (null, null, Math.Round(bestScore, 3));
    }

    private static HashSet<string> Words(string? text) => NegocioText.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

    /// <summary>Dice coefficient of the two word sets: 1 for the same words, 0 for none in common.</summary>
    public static double Similarity(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        var common = a.Count(b.Contains);
        return 2.0 * common / (a.Count + b.Count);
    }
}
