using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Console.Tests;

/// <summary>Answers of the agent fakes: a value, a refusal with field errors, or "the agent does not answer".</summary>
public static class Answers
{
    public static AgentResult<T> Ok<T>(T value) => AgentResult<T>.Success(value);

    /// <summary>
    /// ml's 14-day forecast of 5 units a day (70 in all, band 52–91), whose running band widens from ×0,9–1,1 on day 1
    /// to the total's on day 14, as ml's calibrated bands do.
    /// </summary>
    public static DemandForecastDto Forecast(int productId, DateOnly from, int modelVersion) =>
        new(productId, from, 14, 70, 52, 91, Enumerable.Range(0, 14).Select(k =>
        {
            var total = 5.0 * (k + 1);
            var widening = k / 13.0;
            return new DailyDemandDto(from.AddDays(k), 5, total, total * (0.9 - widening * (0.9 - 52.0 / 70)), total * (1.1 + widening * (1.3 - 1.1)));
        }).ToList(), modelVersion);

    public static AgentResult<T> Refused<T>(int status, string title, params (string Field, string Message)[] errors) =>
        AgentResult<T>.Failure(new AgentProblem(status, title, null, errors.ToDictionary(e => e.Field, e => new[] { e.Message })));

    public static AgentResult<T> Down<T>(string agent) =>
        AgentResult<T>.Failure(new AgentProblem(0, $"El agente {agent} no responde.", "Connection refused (127.0.0.1:8001)", new Dictionary<string, string[]>()));

    public static ProductDto Product(int id, string code, string name, int stock = 10, int min = 5, int max = 50, decimal purchase = 1000m, decimal sale = 1500m, bool active = true) =>
        new(id, code, name, null, 1, "Almacén", null, stock, min, max, purchase, sale, null, active, new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero), "admin");
}

/// <summary>A deposito agent whose answers the test sets, recording what it was asked.</summary>
public sealed class FakeDepositoClient : IDepositoClient
{
    public List<ProductDto> Products { get; } = [];
    public List<ProductQuery> Queries { get; } = [];
    public List<(string Key, StockMovementRequest Movement)> Movements { get; } = [];
    public List<ProductRequest> Saved { get; } = [];
    public Func<ProductQuery, AgentResult<PagedResult<ProductDto>>>? ListAnswer { get; set; }
    public Func<ProductRequest, AgentResult<ProductDto>>? SaveAnswer { get; set; }
    public Func<StockMovementRequest, AgentResult<StockMovementDto>>? MoveAnswer { get; set; }
    public AgentResult<CriticalStockDto>? Critical { get; set; }
    public List<StockMovementDto> History { get; } = [];
    public List<DailyPurchaseDto> Purchases { get; } = [];

    public Task<AgentResult<List<CategoryDto>>> ListCategoriesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Answers.Ok(new List<CategoryDto> { new(1, "Almacén", 3), new(2, "Bebidas", 2) }));

    public Task<AgentResult<CategoryDto>> CreateCategoryAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<PagedResult<ProductDto>>> ListProductsAsync(ProductQuery query, CancellationToken cancellationToken = default)
    {
        Queries.Add(query);
        return Task.FromResult(ListAnswer?.Invoke(query) ?? Answers.Ok(new PagedResult<ProductDto>(
            Products.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList(), Products.Count, query.Page, query.PageSize)));
    }

    public Task<AgentResult<ProductDto>> GetProductAsync(int id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Products.FirstOrDefault(p => p.Id == id) is { } product ? Answers.Ok(product) : Answers.Refused<ProductDto>(404, "No existe el producto " + id));

    public Task<AgentResult<ProductDto>> CreateProductAsync(ProductRequest product, CancellationToken cancellationToken = default)
    {
        Saved.Add(product);
        return Task.FromResult(SaveAnswer?.Invoke(product) ?? Answers.Ok(Answers.Product(99, product.Code ?? "", product.Name ?? "")));
    }

    public Task<AgentResult<ProductDto>> UpdateProductAsync(int id, ProductRequest product, CancellationToken cancellationToken = default) => CreateProductAsync(product, cancellationToken);

    public Task<AgentResult<StockMovementDto>> MoveAsync(string idempotencyKey, StockMovementRequest movement, CancellationToken cancellationToken = default)
    {
        Movements.Add((idempotencyKey, movement));
        return Task.FromResult(MoveAnswer?.Invoke(movement) ?? Answers.Ok(new StockMovementDto(1, movement.ProductId ?? 0, "P", movement.Kind!, movement.Quantity ?? 0,
            10, 10 + (movement.Quantity ?? 0), movement.Reason, movement.Reference, movement.UnitPrice, "encargado", "consola", DateTimeOffset.UtcNow)));
    }

    public Task<AgentResult<StockBatchDto>> MoveBatchAsync(string idempotencyKey, IReadOnlyList<StockMovementRequest> lines, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<PagedResult<StockMovementDto>>> ListProductMovementsAsync(int productId, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default) =>
        Task.FromResult(Answers.Ok(new PagedResult<StockMovementDto>(History.Skip((page - 1) * pageSize).Take(pageSize).ToList(), History.Count, page, pageSize)));

    public Task<AgentResult<CriticalStockDto>> GetCriticalAsync(DateOnly? date = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Critical ?? Answers.Ok(new CriticalStockDto("primavera", 1.1m, [])));

    public Task<AgentResult<PurchaseHistoryDto>> GetPurchaseHistoryAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        Task.FromResult(Answers.Ok(new PurchaseHistoryDto(from, to, Purchases)));
}

/// <summary>An ml agent with a settable forecast.</summary>
public sealed class FakeMlClient : IMlClient
{
    public AgentResult<DemandForecastDto>? Forecast { get; set; }

    public Task<AgentResult<TrainingReportDto>> RetrainAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<AgentResult<ModelsDto>> ListModelsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<AgentResult<InflationDto>> GetInflationAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<DemandForecastDto>> GetDemandForecastAsync(int productId, int horizonDays, CancellationToken cancellationToken = default) =>
        Task.FromResult(Forecast ?? Answers.Down<DemandForecastDto>("ml"));

    public Task<AgentResult<PriceForecastDto>> GetPriceForecastAsync(int productId, DateOnly? date = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}

/// <summary>A negocio agent: order proposals set by the test; other calls are not used by these tests.</summary>
public sealed class FakeNegocioClient : INegocioClient
{
    public AgentResult<OrderProposalDto>? Proposal { get; set; }
    public List<InvoiceSummaryDto> InvoiceList { get; } = [];
    public List<string?> InvoiceStates { get; } = [];
    public AgentResult<InvoiceDto>? Invoice { get; set; }
    public AgentResult<InvoiceDto>? UploadAnswer { get; set; }
    public AgentResult<InvoiceDto>? UpdateAnswer { get; set; }
    public AgentResult<InvoiceDto>? ConfirmAnswer { get; set; }
    public List<(byte[] Image, string ContentType)> Uploads { get; } = [];
    public List<IReadOnlyList<InvoicePhoto>> UploadedPages { get; } = [];
    public List<InvoiceRequest> Updates { get; } = [];
    public int Confirmations { get; private set; }
    public int Proposals { get; private set; }

    public Task<AgentResult<PagedResult<SupplierDto>>> ListSuppliersAsync(string? text = null, bool? active = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<SupplierDto>> CreateSupplierAsync(SupplierRequest supplier, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<SupplierDto>> UpdateSupplierAsync(Guid id, SupplierRequest supplier, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<PagedResult<InvoiceSummaryDto>>> ListInvoicesAsync(string? state = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        InvoiceStates.Add(state);
        return Task.FromResult(Answers.Ok(new PagedResult<InvoiceSummaryDto>(InvoiceList.Where(i => state is null || i.State == state).ToList(), InvoiceList.Count(i => state is null || i.State == state), page, pageSize)));
    }

    public Task<AgentResult<InvoiceDto>> GetInvoiceAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult(Invoice ?? Answers.Down<InvoiceDto>("negocio"));

    public Task<AgentResult<InvoiceDto>> UploadInvoiceAsync(IReadOnlyList<InvoicePhoto> pages, CancellationToken cancellationToken = default)
    {
        Uploads.Add((pages[0].Image, pages[0].ContentType));
        UploadedPages.Add(pages);
        return Task.FromResult(UploadAnswer ?? Answers.Down<InvoiceDto>("negocio"));
    }

    public Task<AgentResult<InvoiceDto>> CreateInvoiceAsync(InvoiceRequest invoice, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<InvoiceDto>> ImportInvoiceAsync(InvoiceRequest invoice, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<InvoiceDto>> UpdateInvoiceAsync(Guid id, InvoiceRequest invoice, CancellationToken cancellationToken = default)
    {
        Updates.Add(invoice);
        return Task.FromResult(UpdateAnswer ?? Invoice ?? Answers.Down<InvoiceDto>("negocio"));
    }

    public Task<AgentResult<InvoiceDto>> ConfirmInvoiceAsync(Guid id, CancellationToken cancellationToken = default)
    {
        Confirmations++;
        return Task.FromResult(ConfirmAnswer ?? Answers.Down<InvoiceDto>("negocio"));
    }

    public Task<AgentResult<InvoiceDto>> DiscardInvoiceAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<PagedResult<PurchaseOrderDto>>> ListOrdersAsync(string? state = null, Guid? supplierId = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<OrderProposalDto>> ProposeOrdersAsync(CancellationToken cancellationToken = default)
    {
        Proposals++;
        return Task.FromResult(Proposal ?? Answers.Down<OrderProposalDto>("negocio"));
    }

    public Task<AgentResult<PurchaseOrderDto>> SendOrderAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<PurchaseOrderDto>> CancelOrderAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<PurchaseOrderDto>> ReceiveOrderAsync(Guid id, string idempotencyKey, IReadOnlyList<OrderLineQuantityRequest>? lines = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<PriceDto>> GetPriceAsync(int productId, DateOnly? date = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<RevenueTodayDto>> GetRevenueTodayAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<SupplierDto>> GetSupplierAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<SupplierDto>> DeactivateSupplierAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<SupplierDto>> ReactivateSupplierAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<PurchaseOrderDto>> GetOrderAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<PurchaseOrderDto>> EditOrderLinesAsync(Guid id, IReadOnlyList<OrderLineQuantityRequest> lines, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
