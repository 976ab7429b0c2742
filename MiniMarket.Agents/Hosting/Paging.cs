using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Hosting;

/// <summary>Page and page size from the query string, bounded.</summary>
public static class Paging
{
    public const int MaxPageSize = 200;
    public const int MaxPage = 1_000_000;

    public static (int Page, int PageSize) Of(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var size = pageSize ?? 50;
        if (p is < 1 or > MaxPage) throw new DomainException("page", $"La página va de 1 a {MaxPage}.");
        if (size is < 1 or > MaxPageSize) throw new DomainException("pageSize", $"El tamaño de página va de 1 a {MaxPageSize}.");
        return (p, size);
    }
}
