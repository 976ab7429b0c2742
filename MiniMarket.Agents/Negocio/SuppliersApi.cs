using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MiniMarket.Agents.Hosting;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Negocio;

/// <summary>Suppliers: create, edit, deactivate/reactivate, read and list. The CUIT is checked (check digit) and unique.</summary>
public static class SuppliersApi
{
    public const int MaxSupplies = 50;
    public const int MaxSupplyLength = 100;

    public static IEndpointRouteBuilder MapSuppliersApi(this IEndpointRouteBuilder endpoints)
    {
        var suppliers = endpoints.MapGroup("/api/v1/suppliers").WithTags("suppliers");
        suppliers.MapGet("/", List).RequireAuthorization(NegocioAgent.ReadPolicy);
        suppliers.MapGet("/{id:guid}", Get).RequireAuthorization(NegocioAgent.ReadPolicy);
        suppliers.MapPost("/", Create).RequireAuthorization(NegocioAgent.WritePolicy);
        suppliers.MapPut("/{id:guid}", Update).RequireAuthorization(NegocioAgent.WritePolicy);
        suppliers.MapPost("/{id:guid}/deactivate", (Guid id, NegocioDbContext db, TimeProvider time, CancellationToken ct) => SetActive(id, false, db, time, ct))
            .RequireAuthorization(NegocioAgent.WritePolicy);
        suppliers.MapPost("/{id:guid}/reactivate", (Guid id, NegocioDbContext db, TimeProvider time, CancellationToken ct) => SetActive(id, true, db, time, ct))
            .RequireAuthorization(NegocioAgent.WritePolicy);
        return endpoints;
    }

    public static SupplierDto ToDto(SupplierRow s) => new(s.Id, s.Name, Cuit.Parse(s.Cuit).ToString(), s.IvaCondition, s.ContactName, s.Email, s.Phone,
        s.Supplies, s.Active, s.CreatedAt, s.UpdatedAt);

    /// <summary><c>GET /api/v1/suppliers?q=&amp;active=&amp;supplies=Bebidas&amp;page=1&amp;pageSize=50</c>; <c>q</c> searches name and CUIT.</summary>
    public static async Task<Ok<PagedResult<SupplierDto>>> List(string? q, bool? active, string? supplies, int? page, int? pageSize, NegocioDbContext db, CancellationToken ct)
    {
        var (p, size) = Paging.Of(page, pageSize);
        var query = db.Suppliers.AsNoTracking();
        if (active is { } isActive) query = query.Where(s => s.Active == isActive);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            if (text.Length > 100) throw new DomainException("q", "La búsqueda admite hasta 100 caracteres.");
            var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
            var pattern = "%" + DbErrors.EscapeLike(text) + "%";
            query = query.Where(s => EF.Functions.ILike(s.Name, pattern) || (digits.Length >= 3 && s.Cuit.Contains(digits)));
        }
        var rows = await query.OrderBy(s => s.Name).ToListAsync(ct);
        // Few suppliers (tens): the category filter is case-insensitive in memory rather than an array query.
        if (!string.IsNullOrWhiteSpace(supplies)) rows = rows.Where(s => s.Supplies.Contains(supplies.Trim(), StringComparer.OrdinalIgnoreCase)).ToList();
        var items = rows.Skip((p - 1) * size).Take(size).Select(ToDto).ToList();
        return TypedResults.Ok(new PagedResult<SupplierDto>(items, rows.Count, p, size));
    }

    public static async Task<Results<Ok<SupplierDto>, ProblemHttpResult>> Get(Guid id, NegocioDbContext db, CancellationToken ct) =>
        await db.Suppliers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is { } row
            ? TypedResults.Ok(ToDto(row))
            : DbErrors.NotFound("Proveedor inexistente.", $"No existe el proveedor {id}.");

    public static async Task<Results<Created<SupplierDto>, ProblemHttpResult>> Create([FromBody] SupplierRequest? request, NegocioDbContext db, TimeProvider time, CancellationToken ct)
    {
        var row = Validate(request, new SupplierRow { Id = Guid.NewGuid(), Name = "", Cuit = "", IvaCondition = "" });
        if (await db.Suppliers.AnyAsync(s => s.Cuit == row.Cuit, ct)) return DuplicateCuit(row.Cuit);
        row.CreatedAt = row.UpdatedAt = time.GetUtcNow();
        db.Suppliers.Add(row);
        if (!await DbErrors.TrySaveUniqueAsync(db, ct)) return DuplicateCuit(row.Cuit);
        return TypedResults.Created($"/api/v1/suppliers/{row.Id}", ToDto(row));
    }

    public static async Task<Results<Ok<SupplierDto>, ProblemHttpResult>> Update(Guid id, [FromBody] SupplierRequest? request, NegocioDbContext db, TimeProvider time, CancellationToken ct)
    {
        var row = await db.Suppliers.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (row is null) return DbErrors.NotFound("Proveedor inexistente.", $"No existe el proveedor {id}.");
        Validate(request, row);
        if (await db.Suppliers.AnyAsync(s => s.Cuit == row.Cuit && s.Id != id, ct)) return DuplicateCuit(row.Cuit);
        row.UpdatedAt = time.GetUtcNow();
        if (!await DbErrors.TrySaveUniqueAsync(db, ct)) return DuplicateCuit(row.Cuit);
        return TypedResults.Ok(ToDto(row));
    }

    private static async Task<Results<Ok<SupplierDto>, ProblemHttpResult>> SetActive(Guid id, bool active, NegocioDbContext db, TimeProvider time, CancellationToken ct)
    {
        var row = await db.Suppliers.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (row is null) return DbErrors.NotFound("Proveedor inexistente.", $"No existe el proveedor {id}.");
        row.Active = active;
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToDto(row));
    }

    private static ProblemHttpResult DuplicateCuit(string cuit) =>
        DbErrors.Conflict("cuit", $"Ya existe un proveedor con CUIT {Cuit.Parse(cuit)}.");

    /// <summary>Applies the request to <paramref name="row"/> after checking every field; the first broken rule is a 400 naming it.</summary>
    private static SupplierRow Validate(SupplierRequest? request, SupplierRow row)
    {
        if (request is null) throw new DomainException("body", "Falta el cuerpo con los datos del proveedor.");
        var name = TextInput.RequiredName(request.Name, "name", 200, "Falta la razón social.");
        var cuit = Cuit.Parse(request.Cuit ?? throw new DomainException("cuit", "Falta el CUIT."), "cuit");
        var iva = IvaConditions.Parse(request.IvaCondition ?? throw new DomainException("ivaCondition", "Falta la condición de IVA."), "ivaCondition");
        var email = TextInput.Name(request.Email, "email", 200);
        if (email is not null && (email.IndexOf('@', StringComparison.Ordinal) is < 1 || email.EndsWith('@') || email.Contains(' ', StringComparison.Ordinal)))
            throw new DomainException("email", $"El correo {NegocioText.Quote(email)} no es válido.");
        var phone = NegocioText.TrimToNull(request.Phone);
        if (phone is not null && (phone.Length > 50 || !phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')')))
            throw new DomainException("phone", "El teléfono admite dígitos, espacios, +, - y paréntesis (hasta 50).");
        var contact = TextInput.Name(request.ContactName, "contactName", 200);
        var supplies = new List<string>();
        var items = request.Supplies ?? [];
        if (items.Count > MaxSupplies) throw new DomainException("supplies", $"Hasta {MaxSupplies} categorías o marcas por proveedor.");
        for (var i = 0; i < items.Count; i++)
        {
            var item = TextInput.RequiredName(items[i], $"supplies[{i}]", MaxSupplyLength, "Categoría o marca vacía.");
            if (!supplies.Contains(item, StringComparer.OrdinalIgnoreCase)) supplies.Add(item);
        }
        row.Name = name;
        row.Cuit = cuit.Digits;
        row.IvaCondition = iva.DisplayName();
        row.ContactName = contact;
        row.Email = email;
        row.Phone = phone;
        row.Supplies = supplies;
        return row;
    }
}
