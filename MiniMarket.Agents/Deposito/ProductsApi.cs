using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiniMarket.Agents.Hosting;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using Npgsql;

namespace MiniMarket.Agents.Deposito;

/// <summary>
/// Products: create, update, deactivate/reactivate, read by id, code or barcode (through the cache) and list with
/// filters, sorting and paging. Stock is never set here: it only changes through movements.
/// </summary>
public static class ProductsApi
{
    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder endpoints)
    {
        var products = endpoints.MapGroup("/api/v1/products").WithTags("products");
        products.MapGet("/", List).RequireAuthorization(DepositoAgent.ReadPolicy);
        products.MapGet("/{id:int}", GetById).RequireAuthorization(DepositoAgent.ReadPolicy);
        products.MapGet("/by-code/{code}", GetByCode).RequireAuthorization(DepositoAgent.ReadPolicy);
        products.MapGet("/by-barcode/{barcode}", GetByBarcode).RequireAuthorization(DepositoAgent.ReadPolicy);
        products.MapPost("/", Create).RequireAuthorization(DepositoAgent.WritePolicy);
        products.MapPut("/{id:int}", Update).RequireAuthorization(DepositoAgent.WritePolicy);
        products.MapPut("/{id:int}/prices", UpdatePrices).RequireAuthorization(DepositoAgent.WritePolicy);
        products.MapPost("/{id:int}/deactivate", (int id, DepositoDbContext db, ProductCache cache, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
            SetActive(id, false, db, cache, user, time, ct)).RequireAuthorization(DepositoAgent.WritePolicy);
        products.MapPost("/{id:int}/reactivate", (int id, DepositoDbContext db, ProductCache cache, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
            SetActive(id, true, db, cache, user, time, ct)).RequireAuthorization(DepositoAgent.WritePolicy);
        return endpoints;
    }

    public static ProductDto ToDto(ProductRow p) => new(p.Id, p.Code, p.Name, p.Description, p.CategoryId, p.Category?.Name ?? "",
        p.Barcode, p.Stock, p.MinStock, p.MaxStock, p.PurchasePrice, p.SalePrice, p.SupplierId, p.Active, p.UpdatedAt, p.UpdatedBy);

    public static Task<Results<Ok<ProductDto>, ProblemHttpResult>> GetById(int id, DepositoDbContext db, ProductCache cache, CancellationToken ct) =>
        ReadAsync(ProductCache.ById(id), db.Products.Where(p => p.Id == id), $"No existe el producto {id}.", cache, ct);

    public static Task<Results<Ok<ProductDto>, ProblemHttpResult>> GetByCode(string code, DepositoDbContext db, ProductCache cache, CancellationToken ct)
    {
        var value = ProductCode.Create(code, "code").Value;
        return ReadAsync(ProductCache.ByCode(value), db.Products.Where(p => p.Code == value), $"No existe un producto con código {value}.", cache, ct);
    }

    public static Task<Results<Ok<ProductDto>, ProblemHttpResult>> GetByBarcode(string barcode, DepositoDbContext db, ProductCache cache, CancellationToken ct)
    {
        var value = Ean13.Parse(barcode, "barcode").Digits;
        return ReadAsync(ProductCache.ByBarcode(value), db.Products.Where(p => p.Barcode == value), $"No existe un producto con código de barras {value}.", cache, ct);
    }

    private static async Task<Results<Ok<ProductDto>, ProblemHttpResult>> ReadAsync(
        string lookup, IQueryable<ProductRow> query, string notFound, ProductCache cache, CancellationToken ct)
    {
        var cached = await cache.GetAsync(lookup);
        if (cached.Product is { } hit) return TypedResults.Ok(hit);
        var row = await query.AsNoTracking().Include(p => p.Category).SingleOrDefaultAsync(ct);
        if (row is null) return DbErrors.NotFound("Producto inexistente.", notFound);
        var dto = ToDto(row);
        await cache.SetAsync(lookup, dto, cached);
        return TypedResults.Ok(dto);
    }

    public static async Task<Results<Created<ProductDto>, ProblemHttpResult>> Create(
        [FromBody] ProductRequest? request, DepositoDbContext db, SupplierDirectory suppliers, ClaimsPrincipal user, TimeProvider time, CancellationToken ct)
    {
        var (row, product) = await ValidateAsync(request, null, db, suppliers, ct);
        if (await DuplicateAsync(db, product, null, ct) is { } conflict) return conflict;
        var now = time.GetUtcNow();
        row.CreatedAt = now;
        row.UpdatedAt = now;
        row.UpdatedBy = user.Identity?.Name ?? "?";
        db.Products.Add(row);
        if (!await DbErrors.TrySaveUniqueAsync(db, ct))
            return (DbErrors.Conflict("code", $"Ya existe un producto con código {row.Code} o con ese código de barras."));
        return TypedResults.Created($"/api/v1/products/{row.Id}", ToDto(row));
    }

    /// <summary>
    /// Edits the product's own fields with one UPDATE of those columns: a sale or delivery committing meanwhile only
    /// changes the stock, which an edit never writes, so the two never conflict.
    /// </summary>
    public static async Task<Results<Ok<ProductDto>, ProblemHttpResult>> Update(
        int id, [FromBody] ProductRequest? request, DepositoDbContext db, ProductCache cache, SupplierDirectory suppliers, ClaimsPrincipal user, TimeProvider time,
        CancellationToken ct)
    {
        var row = await db.Products.AsNoTracking().Include(p => p.Category).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (row is null) return DbErrors.NotFound("Producto inexistente.", $"No existe el producto {id}.");
        var before = ToDto(row);
        var (changes, product) = await ValidateAsync(request, row, db, suppliers, ct);
        if (await DuplicateAsync(db, product, id, ct) is { } conflict) return conflict;
        var now = time.GetUtcNow();
        var by = user.Identity?.Name ?? "?";
        try
        {
            await db.Products.Where(p => p.Id == id).ExecuteUpdateAsync(set => set
                .SetProperty(p => p.Name, changes.Name)
                .SetProperty(p => p.Description, changes.Description)
                .SetProperty(p => p.CategoryId, changes.CategoryId)
                .SetProperty(p => p.Barcode, changes.Barcode)
                .SetProperty(p => p.MinStock, changes.MinStock)
                .SetProperty(p => p.MaxStock, changes.MaxStock)
                .SetProperty(p => p.PurchasePrice, changes.PurchasePrice)
                .SetProperty(p => p.SalePrice, changes.SalePrice)
                .SetProperty(p => p.SupplierId, changes.SupplierId)
                .SetProperty(p => p.UpdatedAt, now)
                .SetProperty(p => p.UpdatedBy, by), ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return DbErrors.Conflict("barcode", "Otro producto ya tiene ese código de barras.");
        }
        var after = ToDto((await db.Products.AsNoTracking().Include(p => p.Category).SingleAsync(p => p.Id == id, ct)));
        await cache.InvalidateAsync(before, after);
        return TypedResults.Ok(after);
    }

    /// <summary>
    /// Sets only the two prices (negocio after a confirmed invoice, an encargado repricing): the same values twice
    /// change nothing, so a caller may safely repeat it.
    /// </summary>
    public static async Task<Results<Ok<ProductDto>, ProblemHttpResult>> UpdatePrices(
        int id, [FromBody] ProductPricesRequest? request, DepositoDbContext db, ProductCache cache, ClaimsPrincipal user, TimeProvider time, CancellationToken ct)
    {
        if (request is null) throw new DomainException("body", "Falta el cuerpo con los precios.");
        PriceRules.Check(request.PurchasePrice, "purchasePrice");
        PriceRules.Check(request.SalePrice, "salePrice");
        var purchase = request.PurchasePrice ?? throw new DomainException("purchasePrice", "Falta el precio de compra.");
        var sale = request.SalePrice ?? throw new DomainException("salePrice", "Falta el precio de venta.");
        var row = await db.Products.AsNoTracking().Include(p => p.Category).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (row is null) return DbErrors.NotFound("Producto inexistente.", $"No existe el producto {id}.");
        // The domain's rules for prices (positive, cents), through the product they belong to.
        var product = Product.Create(ProductCode.Create(row.Code, "code"), row.Name, Category.Create(row.Category!.Name, "categoryId"),
            new Ars(row.PurchasePrice), new Ars(row.SalePrice), row.Stock, row.MinStock, row.MaxStock, row.Description, null, row.SupplierId)
            .WithPrices(new Ars(purchase), new Ars(sale));
        var now = time.GetUtcNow();
        var by = user.Identity?.Name ?? "?";
        await db.Products.Where(p => p.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(p => p.PurchasePrice, product.PurchasePrice.Amount)
            .SetProperty(p => p.SalePrice, product.SalePrice.Amount)
            .SetProperty(p => p.UpdatedAt, now)
            .SetProperty(p => p.UpdatedBy, by), ct);
        var dto = ToDto(await db.Products.AsNoTracking().Include(p => p.Category).SingleAsync(p => p.Id == id, ct));
        await cache.InvalidateAsync(dto);
        return TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<ProductDto>, ProblemHttpResult>> SetActive(
        int id, bool active, DepositoDbContext db, ProductCache cache, ClaimsPrincipal user, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var by = user.Identity?.Name ?? "?";
        var updated = await db.Products.Where(p => p.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(p => p.Active, active).SetProperty(p => p.UpdatedAt, now).SetProperty(p => p.UpdatedBy, by), ct);
        if (updated == 0) return DbErrors.NotFound("Producto inexistente.", $"No existe el producto {id}.");
        var dto = ToDto(await db.Products.AsNoTracking().Include(p => p.Category).SingleAsync(p => p.Id == id, ct));
        await cache.InvalidateAsync(dto);
        return TypedResults.Ok(dto);
    }

    /// <summary>Checks every rule through the domain's <see cref="Product"/>; the first broken one is a 400 naming its field.</summary>
    private static async Task<(ProductRow Row, Product Product)> ValidateAsync(ProductRequest? request, ProductRow? existing, DepositoDbContext db,
        SupplierDirectory suppliers, CancellationToken ct)
    {
        if (request is null) throw new DomainException("body", "Falta el cuerpo con los datos del producto.");
        PriceRules.Check(request.PurchasePrice, "purchasePrice");
        PriceRules.Check(request.SalePrice, "salePrice");
        var code = existing is null ? ProductCode.Create(request.Code, "code")
            : request.Code is null || ProductCode.Create(request.Code, "code").Value == existing.Code ? ProductCode.Create(existing.Code, "code")
            : throw new DomainException("code", $"El código de un producto no cambia (es {existing.Code}): cree otro producto.");
        var categoryId = request.CategoryId ?? throw new DomainException("categoryId", "Falta la categoría.");
        var category = await db.Categories.SingleOrDefaultAsync(c => c.Id == categoryId, ct)
            ?? throw new DomainException("categoryId", $"No existe la categoría {categoryId}.");
        var product = Product.Create(code, request.Name, Category.Create(category.Name, "categoryId"),
            new Ars(request.PurchasePrice ?? throw new DomainException("purchasePrice", "Falta el precio de compra.")),
            new Ars(request.SalePrice ?? throw new DomainException("salePrice", "Falta el precio de venta.")),
            existing?.Stock ?? 0,
            request.MinStock ?? throw new DomainException("minStock", "Falta el stock mínimo."),
            request.MaxStock ?? throw new DomainException("maxStock", "Falta el stock máximo."),
            request.Description,
            string.IsNullOrWhiteSpace(request.Barcode) ? null : Ean13.Parse(request.Barcode, "barcode"),
            request.SupplierId);
        // The supplier lives in negocio: asked only when it changes (an edit of other fields does not need negocio up).
        if (product.SupplierId is { } supplier && supplier != existing?.SupplierId && !await suppliers.ExistsAsync(supplier, ct))
            throw new DomainException("supplierId", $"No existe el proveedor {supplier}.");
        var row = new ProductRow
        {
            Code = product.Code.Value,
            Name = product.Name,
            Description = product.Description.Length == 0 ? null : product.Description,
            CategoryId = category.Id,
            Category = category,
            Barcode = product.Barcode?.Digits,
            MinStock = product.MinStock,
            MaxStock = product.MaxStock,
            PurchasePrice = product.PurchasePrice.Amount,
            SalePrice = product.SalePrice.Amount,
            SupplierId = product.SupplierId,
            UpdatedBy = "",
        };
        return (row, product);
    }

    private static async Task<ProblemHttpResult?> DuplicateAsync(DepositoDbContext db, Product product, int? except, CancellationToken ct)
    {
        if (except is null && await db.Products.AnyAsync(p => p.Code == product.Code.Value, ct))
            return DbErrors.Conflict("code", $"Ya existe un producto con código {product.Code.Value}.");
        if (product.Barcode is { } ean && await db.Products.AnyAsync(p => p.Barcode == ean.Digits && p.Id != except, ct))
            return DbErrors.Conflict("barcode", $"Ya existe un producto con código de barras {ean.Digits}.");
        return null;
    }

    /// <summary>
    /// <c>GET /api/v1/products?categoryId=&amp;q=&amp;active=&amp;critical=&amp;sort=-stock&amp;page=1&amp;pageSize=50</c>;
    /// <c>q</c> searches name, code and barcode; <c>sort</c> is code, name, stock, category or updatedAt, "-" for descending.
    /// </summary>
    public static async Task<Ok<PagedResult<ProductDto>>> List(
        int? categoryId, string? q, bool? active, bool? critical, string? sort, int? page, int? pageSize,
        DepositoDbContext db, IOptions<DepositoOptions> options, TimeProvider time, CancellationToken ct)
    {
        var (p, size) = Paging.Of(page, pageSize);
        var query = db.Products.AsNoTracking().Include(x => x.Category).AsQueryable();
        if (categoryId is { } category) query = query.Where(x => x.CategoryId == category);
        if (active is { } isActive) query = query.Where(x => x.Active == isActive);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = "%" + DbErrors.EscapeLike(q.Trim()) + "%";
            query = query.Where(x => EF.Functions.ILike(x.Name, pattern) || EF.Functions.ILike(x.Code, pattern) || (x.Barcode != null && EF.Functions.ILike(x.Barcode, pattern)));
        }
        if (critical == true)
        {
            var factor = SeasonalFactor.For(options.Value.SeasonFor(BuenosAiresTime.Today(time)));
            query = query.Where(x => x.Active && x.Stock <= x.MinStock * factor);
        }
        var descending = sort?.StartsWith('-') == true;
        query = (sort?.TrimStart('-').ToLowerInvariant() ?? "code") switch
        {
            "code" => descending ? query.OrderByDescending(x => x.Code) : query.OrderBy(x => x.Code),
            "name" => descending ? query.OrderByDescending(x => x.Name).ThenBy(x => x.Code) : query.OrderBy(x => x.Name).ThenBy(x => x.Code),
            "stock" => descending ? query.OrderByDescending(x => x.Stock).ThenBy(x => x.Code) : query.OrderBy(x => x.Stock).ThenBy(x => x.Code),
            "category" => descending ? query.OrderByDescending(x => x.Category!.Name).ThenBy(x => x.Code) : query.OrderBy(x => x.Category!.Name).ThenBy(x => x.Code),
            "updatedat" => descending ? query.OrderByDescending(x => x.UpdatedAt).ThenBy(x => x.Code) : query.OrderBy(x => x.UpdatedAt).ThenBy(x => x.Code),
            _ => throw new DomainException("sort", $"No se puede ordenar por '{sort}': code, name, stock, category o updatedAt (con '-' para descendente)."),
        };
        var total = await query.CountAsync(ct);
        var rows = await query.Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<ProductDto>(rows.Select(ToDto).ToList(), total, p, size));
    }
}
