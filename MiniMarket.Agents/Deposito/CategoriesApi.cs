using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MiniMarket.Agents.Hosting;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Deposito;

/// <summary>Categories: list (with their active products), create, rename. Names are unique regardless of case.</summary>
public static class CategoriesApi
{
    public static IEndpointRouteBuilder MapCategoriesApi(this IEndpointRouteBuilder endpoints)
    {
        var categories = endpoints.MapGroup("/api/v1/categories").WithTags("categories");
        categories.MapGet("/", List).RequireAuthorization(DepositoAgent.ReadPolicy);
        categories.MapPost("/", Create).RequireAuthorization(DepositoAgent.WritePolicy);
        categories.MapPut("/{id:int}", Rename).RequireAuthorization(DepositoAgent.WritePolicy);
        return endpoints;
    }

    public static async Task<Ok<List<CategoryDto>>> List(DepositoDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Categories.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new CategoryDto(c.Id, c.Name, db.Products.Count(p => p.CategoryId == c.Id && p.Active)))
            .ToListAsync(cancellationToken));

    public static async Task<Results<Created<CategoryDto>, ProblemHttpResult>> Create(
        [FromBody] CategoryRequest? request, DepositoDbContext db, ClaimsPrincipal user, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = Category.Create(request?.Name, "name").Name;
        if (await NameTakenAsync(db, name, null, cancellationToken)) return Duplicate(name);
        var now = time.GetUtcNow();
        var row = new CategoryRow { Name = name, CreatedAt = now, UpdatedAt = now, UpdatedBy = user.Identity?.Name ?? "?" };
        db.Categories.Add(row);
        if (!await DbErrors.TrySaveUniqueAsync(db, cancellationToken)) return Duplicate(name);
        return TypedResults.Created($"/api/v1/categories/{row.Id}", new CategoryDto(row.Id, row.Name, 0));
    }

    /// <summary>Renames; products cached with the old name are forgotten (the cache starts a new generation).</summary>
    public static async Task<Results<Ok<CategoryDto>, ProblemHttpResult>> Rename(
        int id, [FromBody] CategoryRequest? request, DepositoDbContext db, ProductCache cache, ClaimsPrincipal user, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = Category.Create(request?.Name, "name").Name;
        var row = await db.Categories.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (row is null) return (DbErrors.NotFound("Categoría inexistente.", $"No existe la categoría {id}."));
        if (await NameTakenAsync(db, name, id, cancellationToken)) return Duplicate(name);
        row.Name = name;
        row.UpdatedAt = time.GetUtcNow();
        row.UpdatedBy = user.Identity?.Name ?? "?";
        if (!await DbErrors.TrySaveUniqueAsync(db, cancellationToken)) return Duplicate(name);
        cache.ForgetAll();
        return TypedResults.Ok(new CategoryDto(row.Id, row.Name, await db.Products.CountAsync(p => p.CategoryId == id && p.Active, cancellationToken)));
    }

    private static Task<bool> NameTakenAsync(DepositoDbContext db, string name, int? except, CancellationToken cancellationToken) =>
        db.Categories.AnyAsync(c => EF.Functions.ILike(c.Name, DbErrors.EscapeLike(name)) && c.Id != except, cancellationToken);

    private static ProblemHttpResult Duplicate(string name) =>
        (DbErrors.Conflict("name", $"Ya existe la categoría «{name}»."));
}
