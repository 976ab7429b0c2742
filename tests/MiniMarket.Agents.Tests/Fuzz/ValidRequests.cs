using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Agents.Tests.Fuzz;

/// <summary>A request an operation accepts: its path (parameters filled in), its JSON body and headers.</summary>
public sealed record ValidRequest(string Path, JsonNode? Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// For every operation of the agents' OpenAPI documents, a request it accepts, naming the fuzz stack's own rows. The fuzz
/// test mutates one thing at a time in it. An operation without an entry here fails the test: a new endpoint gets fuzzed
/// from the day it is added.
/// </summary>
public static class ValidRequests
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static ValidRequest For(ApiOperation operation, FuzzData data, Func<string> newCuit)
    {
        var path = FillPath(operation, data);
        var headers = operation.Parameters.Any(p => p.In == "header" && p.Name == "Idempotency-Key")
            ? new Dictionary<string, string> { ["Idempotency-Key"] = "fuzz-" + Guid.NewGuid().ToString("N") }
            : new Dictionary<string, string>();
        var body = operation.Body is null ? null : BodyFor(operation, data, newCuit)
            ?? throw new InvalidOperationException($"No valid body for {operation}: add one to {nameof(ValidRequests)}.");
        return new ValidRequest(path, body, headers);
    }

    private static string FillPath(ApiOperation operation, FuzzData data)
    {
        var path = operation.Path;
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            path = path.Replace("{" + parameter.Name + "}", Uri.EscapeDataString(PathValue(operation, parameter.Name, data)), StringComparison.Ordinal);
        }
        return path;
    }

    private static string PathValue(ApiOperation operation, string name, FuzzData data)
    {
        var p = operation.Path;
        string Id(object value) => Convert.ToString(value, CultureInfo.InvariantCulture)!;
        return name switch
        {
            "productId" => Id(data.Product.Id),
            "code" => data.Product.Code,
            "barcode" => "4006381333931",
            "category" => data.Category.Name,
            "id" when p.StartsWith("/api/v1/products/", StringComparison.Ordinal) => Id(data.Product.Id),
            "id" when p.StartsWith("/api/v1/categories/", StringComparison.Ordinal) => Id(data.Category.Id),
            "id" when p.StartsWith("/api/v1/stock/movements/", StringComparison.Ordinal) => "1",
            "id" when p.StartsWith("/api/v1/suppliers/", StringComparison.Ordinal) => Id(data.Supplier.Id),
            "id" when p.StartsWith("/api/v1/invoices/", StringComparison.Ordinal) => Id(data.Draft.Id),
            "id" when p.EndsWith("/receive", StringComparison.Ordinal) => Id(data.SentOrder.Id),
            "id" when p.StartsWith("/api/v1/orders/", StringComparison.Ordinal) => Id(data.DraftOrder.Id),
            _ => throw new InvalidOperationException($"No value for path parameter '{name}' of {operation}: add one to {nameof(ValidRequests)}."),
        };
    }

    private static JsonNode? Node(object value) => JsonSerializer.SerializeToNode(value, Json);

    private static JsonNode? BodyFor(ApiOperation operation, FuzzData data, Func<string> newCuit)
    {
        var product = new ProductRequest("FZN000001", "Producto nuevo", "Descripción", data.Category.Id, null, 1, 10, 100m, 150m, data.Supplier.Id);
        var movement = new StockMovementRequest(data.Product.Id, null, "entrada", 5, "compra", "R-1", 100m);
        var invoice = FuzzData.Invoice(data.Supplier.Cuit, data.Product, newCuit(), 5001);
        return operation.Key switch
        {
            "POST /api/v1/categories" => Node(new CategoryRequest("Categoría nueva")),
            "PUT /api/v1/categories/{id}" => Node(new CategoryRequest(data.Category.Name)),
            "POST /api/v1/products" => Node(product),
            "PUT /api/v1/products/{id}" => Node(product with { Code = data.Product.Code }),
            "PUT /api/v1/products/{id}/prices" => Node(new ProductPricesRequest(110m, 160m)),
            "POST /api/v1/stock/movements" => Node(movement),
            "POST /api/v1/stock/movements/batch" => Node(new StockBatchRequest([movement])),
            "POST /api/v1/suppliers" => Node(new SupplierRequest("Proveedor nuevo", newCuit(), "Responsable Inscripto", "Carla", "carla@nuevo.test", "+54 11 4444-0000", ["Almacén fuzz"])),
            "PUT /api/v1/suppliers/{id}" => Node(new SupplierRequest(data.Supplier.Name, data.Supplier.Cuit, data.Supplier.IvaCondition, "Ana", "ana@uno.test", null, ["Almacén fuzz"])),
            "POST /api/v1/invoices" or "PUT /api/v1/invoices/{id}" or "POST /api/v1/invoices/history" => Node(invoice),
            "PUT /api/v1/orders/{id}/lines" => Node(new OrderLinesRequest([new OrderLineQuantityRequest(data.CriticalProduct.Id, 3)])),
            "POST /api/v1/orders/{id}/receive" => Node(new OrderLinesRequest([new OrderLineQuantityRequest(data.OtherCriticalProduct.Id, 1)])),
            "PUT /api/v1/prices/markups/{category}" => Node(new MarkupRequest(40m)),
            _ => null,
        };
    }
}
