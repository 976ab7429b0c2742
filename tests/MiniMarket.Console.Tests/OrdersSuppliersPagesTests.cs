using System.Globalization;
using System.Text;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Console.Components.Pages.Orders;
using MiniMarket.Console.Components.Pages.Suppliers;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MudBlazor;
using MudBlazor.Services;

namespace MiniMarket.Console.Tests;

/// <summary>Órdenes de compra (list, one order, partial receipt) and Proveedores (list, form) — with a hand-written negocio fake.</summary>
public sealed class OrdersSuppliersPagesTests : IAsyncLifetime
{
    private static readonly Guid SerenisimaId = Guid.Parse("5d7c1c1e-2f53-4c61-9a57-6a0c2b0f6a11");
    private static readonly DateTimeOffset Created = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private readonly BunitContext _bunit = ConsoleBunit.Create();
    private readonly OrdersNegocioFake _negocio = new();
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;

    public OrdersSuppliersPagesTests()
    {
        _bunit.Services.AddSingleton<INegocioClient>(_negocio);
        _bunit.Services.AddSingleton(TimeProvider.System);
        _bunit.SignIn("encargado");
        _dialogs = _bunit.RenderProviders();
        _negocio.Suppliers.Add(Supplier(SerenisimaId, "La Serenísima", "30-50000000-9"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private static PurchaseOrderLineDto Line(int productId, string code, string name, int quantity, int received = 0, decimal price = 900m) =>
        new(productId, code, name, quantity, received, price, quantity * price);

    private static PurchaseOrderDto Order(string state, PurchaseOrderLineDto[] lines, int number = 12) =>
        OrdersNegocioFake.Recalculated(new PurchaseOrderDto(Guid.NewGuid(), number, $"OC-{number:D6}", SerenisimaId, "La Serenísima", state, "automatica",
            lines, 0m, 0m, "encargado", Created, state == "borrador" ? (DateTimeOffset?)null : Created.AddHours(1), null), lines);

    private static SupplierDto Supplier(Guid id, string name, string cuit, bool active = true) =>
        new(id, name, cuit, "Responsable Inscripto", "Marta", "ventas@example.com", "+54 11 4444-5555", ["Lácteos"], active, Created, Created);

    /// <summary>The text of the form control (input, label, helper/error text) holding the field.</summary>
    private static string FieldOf(IRenderedComponent<MudDialogProvider> dialog, string field)
    {
        var element = dialog.Find($"[data-field={field}]");
        while (element is not null && !element.ClassList.Contains("mud-input-control")) element = element.ParentElement;
        return element?.TextContent ?? "";
    }

    [Fact]
    public void OrdersList_AsksNegocioForOnePage_WithTheFiltersInTheAddress()
    {
        _negocio.Orders.AddRange(Enumerable.Range(1, 70).Select(i => Order("enviada", [Line(1, "L1", "Leche", 10)], number: i)));
        _negocio.Orders.Add(Order("borrador", [Line(1, "L1", "Leche", 10)], number: 71));

        var page = _bunit.Open<Orders>($"ordenes?estado=enviada&proveedor={SerenisimaId}");

        page.WaitForAssertion(() => Assert.Equal(50, page.FindAll("[data-testid=orders] tbody tr").Count));
        var query = _negocio.OrderQueries.Last();
        Assert.Equal(("enviada", (Guid?)SerenisimaId, 1, 50), (query.State, query.SupplierId, query.Page, query.PageSize));
        Assert.Contains("OC-000001", page.Find("[data-testid=orders]").TextContent, StringComparison.Ordinal);
        Assert.Contains("$ 9.000,00", page.Find("[data-testid=order-total]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void OrdersList_NegocioDown_SaysSo()
    {
        _negocio.OrdersAnswer = Answers.Down<PagedResult<PurchaseOrderDto>>("negocio");

        var page = _bunit.Open<Orders>("ordenes");

        page.WaitForAssertion(() => Assert.Contains("El agente negocio no responde", page.Find("[data-testid=agent-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void OrdersExport_DownloadsTheFilteredOrders_AsAnExcelReadyCsv()
    {
        var download = _bunit.JSInterop.SetupVoid("mmDownload", _ => true);
        download.SetVoidResult();
        _negocio.Orders.Add(Order("enviada", [Line(1, "L1", "Leche", 40, received: 10), Line(2, "Y1", "Yerba", 20)]));
        _negocio.Orders.Add(Order("borrador", [Line(3, "A1", "Aceite", 5)], number: 13));
        var page = _bunit.Open<Orders>("ordenes?estado=enviada");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=orders] tbody tr")));

        page.Find("[data-testid=export-csv]").Click();

        page.WaitForAssertion(() => Assert.Single(download.Invocations));
        var args = Assert.Single(download.Invocations).Arguments;
        Assert.StartsWith("ordenes-", (string)args[0]!, StringComparison.Ordinal);
        Assert.Equal(CsvExport.ContentType, args[1]);
        var bytes = Convert.FromBase64String((string)args[2]!);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length); // header + the one sent order
        Assert.Equal("Número;Proveedor;Estado;Origen;Creada por;Creada;Enviada;Cerrada;Líneas;Unidades;Unidades recibidas;Total;Recibido", lines[0]);
        Assert.Equal("OC-000012;La Serenísima;recibida en parte;Automática (stock crítico);encargado;20/11/2026 09:00;20/11/2026 10:00;;2;60;10;54.000;9.000", lines[1]);
        Assert.All(_negocio.OrderQueries.Skip(1), q => Assert.Equal("enviada", q.State));
    }

    [Fact]
    public void Draft_EditingQuantities_SendsOnlyTheChangedLines_ZeroRemovingOne()
    {
        var order = Order("borrador", [Line(1, "L1", "Leche", 40), Line(2, "Y1", "Yerba", 20), Line(3, "A1", "Aceite", 10)]);
        _negocio.Orders.Add(order);
        var page = _bunit.Open<OrderPage>($"ordenes/{order.Id}", p => p.Add(x => x.Id, order.Id));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=order-lines] tbody tr").Count));
        Assert.True(page.Find("[data-testid=save-lines]").HasAttribute("disabled")); // nothing changed yet

        page.Find("[data-field=quantity-1] input, input[data-field=quantity-1]").Change("0");
        page.Find("[data-field=quantity-2] input, input[data-field=quantity-2]").Change("30");
        page.WaitForAssertion(() => Assert.True(page.Find("[data-testid=send-order]").HasAttribute("disabled"))); // unsaved changes: save first
        page.Find("[data-testid=save-lines]").Click();

        page.WaitForAssertion(() => Assert.Single(_negocio.Edits));
        Assert.Equal(new[] { new OrderLineQuantityRequest(1, 0), new OrderLineQuantityRequest(2, 30) }, _negocio.Edits[0]);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=order-lines] tbody tr").Count));
        Assert.Contains("$ 36.000,00", page.Find("[data-testid=order-total]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Draft_ARefusalIsShownInTheAgentsWords()
    {
        var order = Order("borrador", [Line(1, "L1", "Leche", 40)]);
        _negocio.Orders.Add(order);
        _negocio.SendAnswer = Answers.Refused<PurchaseOrderDto>(409, "Cambio de estado no permitido.", ("state", "La orden ya fue enviada"));
        var page = _bunit.Open<OrderPage>($"ordenes/{order.Id}", p => p.Add(x => x.Id, order.Id));
        page.WaitForElement("[data-testid=send-order]");

        page.Find("[data-testid=send-order]").Click();

        page.WaitForAssertion(() => Assert.Contains("La orden ya fue enviada", page.Find("[data-testid=order-error]").TextContent, StringComparison.Ordinal));
        Assert.Equal(1, _negocio.Sends);
    }

    [Fact]
    public void Draft_SendIsDisabledWhileTheCallIsInFlight()
    {
        var order = Order("borrador", [Line(1, "L1", "Leche", 40)]);
        _negocio.Orders.Add(order);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _negocio.Gate = gate;
        var page = _bunit.Open<OrderPage>($"ordenes/{order.Id}", p => p.Add(x => x.Id, order.Id));
        page.WaitForElement("[data-testid=send-order]");

        page.Find("[data-testid=send-order]").Click();

        page.WaitForAssertion(() => Assert.True(page.Find("[data-testid=send-order]").HasAttribute("disabled")));
        Assert.True(page.Find("[data-testid=cancel-order]").HasAttribute("disabled"));
        gate.SetResult();
        page.WaitForAssertion(() => Assert.Contains("enviada", page.Find("[data-testid=order-state]").TextContent, StringComparison.Ordinal));
        Assert.Equal(1, _negocio.Sends);
    }

    [Fact]
    public void Draft_CancelAsksFirst()
    {
        var order = Order("borrador", [Line(1, "L1", "Leche", 40)]);
        _negocio.Orders.Add(order);
        var page = _bunit.Open<OrderPage>($"ordenes/{order.Id}", p => p.Add(x => x.Id, order.Id));
        page.WaitForElement("[data-testid=cancel-order]");

        page.Find("[data-testid=cancel-order]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("no se puede reabrir", _dialogs.Find("[data-testid=confirm-text]").TextContent, StringComparison.Ordinal));
        Assert.Equal(0, _negocio.Cancels);
        _dialogs.Find("[data-testid=confirm-yes]").Click();

        page.WaitForAssertion(() => Assert.Contains("cancelada", page.Find("[data-testid=order-state]").TextContent, StringComparison.Ordinal));
        Assert.Equal(1, _negocio.Cancels);
    }

    [Fact]
    public void PartialReceipt_SendsTheQuantities_AndARetryAfterNegocioWasDownKeepsTheKey()
    {
        var order = Order("enviada", [Line(1, "L1", "Leche", 40, received: 10), Line(2, "Y1", "Yerba", 20)]);
        _negocio.Orders.Add(order);
        _negocio.ReceiveAnswers.Enqueue(Answers.Down<PurchaseOrderDto>("negocio"));
        var page = _bunit.Open<OrderPage>($"ordenes/{order.Id}", p => p.Add(x => x.Id, order.Id));
        page.WaitForElement("[data-testid=receive-partial]");
        page.Find("[data-testid=receive-partial]").Click();
        _dialogs.WaitForElement("[data-testid=receive-form]");
        Assert.Equal("30", _dialogs.Find("[data-field=receive-1] input, input[data-field=receive-1]").GetAttribute("value")); // what is pending

        _dialogs.Find("[data-field=receive-2] input, input[data-field=receive-2]").Change("5");
        _dialogs.Find("[data-testid=save-receive]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("El agente negocio no responde", _dialogs.Find("[data-testid=receive-error]").TextContent, StringComparison.Ordinal));
        _dialogs.Find("[data-testid=save-receive]").Click();

        page.WaitForAssertion(() => Assert.Contains("recibida en parte", page.Find("[data-testid=order-state]").TextContent, StringComparison.Ordinal));
        Assert.Equal(2, _negocio.Receipts.Count);
        Assert.All(_negocio.Receipts, r => Assert.Equal(new[] { new OrderLineQuantityRequest(1, 30), new OrderLineQuantityRequest(2, 5) }, r.Lines!));
        Assert.Equal(_negocio.Receipts[0].Key, _negocio.Receipts[1].Key); // the same delivery, retried
        Assert.Equal(new[] { "15" }, page.FindAll("[data-testid=line-pending]").Select(c => c.TextContent.Trim()).Where(t => t != "0"));
    }

    [Fact]
    public void PartialReceipt_ARefusalSitsNextToItsLine_AndTheNextTryIsANewDelivery()
    {
        var order = Order("enviada", [Line(1, "L1", "Leche", 40), Line(2, "Y1", "Yerba", 20)]);
        _negocio.Orders.Add(order);
        _negocio.ReceiveAnswers.Enqueue(Answers.Refused<PurchaseOrderDto>(400, "Datos inválidos",
            ("lines[1].quantity", "De Y1 quedan 20 por recibir: la cantidad va de 1 a 20 (llegó 21).")));
        var page = _bunit.Open<OrderPage>($"ordenes/{order.Id}", p => p.Add(x => x.Id, order.Id));
        page.WaitForElement("[data-testid=receive-partial]");
        page.Find("[data-testid=receive-partial]").Click();
        _dialogs.WaitForElement("[data-testid=receive-form]");

        _dialogs.Find("[data-testid=save-receive]").Click();

        _dialogs.WaitForAssertion(() => Assert.Contains("quedan 20 por recibir", FieldOf(_dialogs, "receive-2"), StringComparison.Ordinal));
        Assert.DoesNotContain("quedan 20", FieldOf(_dialogs, "receive-1"), StringComparison.Ordinal);
        _dialogs.Find("[data-testid=save-receive]").Click();
        page.WaitForAssertion(() => Assert.Contains("recibida", page.Find("[data-testid=order-state]").TextContent, StringComparison.Ordinal));
        Assert.Equal(2, _negocio.Receipts.Count);
        Assert.NotEqual(_negocio.Receipts[0].Key, _negocio.Receipts[1].Key);
    }

    [Fact]
    public void SuppliersList_SearchesFromTheAddress_AndDeactivates()
    {
        _negocio.Suppliers.Add(Supplier(Guid.NewGuid(), "Distribuidora Norte", "30-71234567-1", active: false));

        var page = _bunit.Open<Suppliers>("proveedores?q=norte&estado=todos");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=suppliers] tbody tr")));
        var query = _negocio.SupplierQueries.Last();
        Assert.Equal(("norte", (bool?)null, 1, 50), (query.Text, query.Active, query.Page, query.PageSize));
        Assert.NotNull(page.Find("[data-testid=supplier-inactive]"));

        page.Find("[data-testid=reactivate-supplier]").Click();

        page.WaitForAssertion(() => Assert.Single(_negocio.ActiveChanges));
        Assert.True(_negocio.ActiveChanges[0].Active);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=supplier-inactive]")));
    }

    [Fact]
    public void SupplierForm_ABadCuitIsShownNextToTheField_BeforeAskingNegocio_AndNegociosDuplicateToo()
    {
        _negocio.SaveSupplierAnswer = _ => Answers.Refused<SupplierDto>(409, "Ya existe.", ("cuit", "Ya existe un proveedor con CUIT 20-12345678-6."));
        var page = _bunit.Open<Suppliers>("proveedores");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=suppliers] tbody tr")));
        page.Find("[data-testid=new-supplier]").Click();
        _dialogs.WaitForElement("[data-testid=supplier-form]");

        _dialogs.Find("[data-field=name] input, input[data-field=name]").Change("Distribuidora Norte");
        _dialogs.Find("[data-field=cuit] input, input[data-field=cuit]").Input("20-12345678-0");

        _dialogs.WaitForAssertion(() => Assert.Contains("dígito verificador incorrecto (esperado 6)", FieldOf(_dialogs, "cuit"), StringComparison.Ordinal));
        _dialogs.Find("[data-testid=save-supplier]").Click();
        Assert.Empty(_negocio.SavedSuppliers); // a CUIT that cannot be valid is not sent

        _dialogs.Find("[data-field=cuit] input, input[data-field=cuit]").Input("20-12345678-6");
        _dialogs.WaitForAssertion(() => Assert.Contains("CUIT válido", FieldOf(_dialogs, "cuit"), StringComparison.Ordinal));
        _dialogs.Find("[data-field=supplies] input, input[data-field=supplies]").Input("Lácteos, La Serenísima");
        _dialogs.Find("[data-testid=save-supplier]").Click();

        _dialogs.WaitForAssertion(() => Assert.Contains("Ya existe un proveedor con CUIT 20-12345678-6.", FieldOf(_dialogs, "cuit"), StringComparison.Ordinal));
        Assert.DoesNotContain("Ya existe", FieldOf(_dialogs, "name"), StringComparison.Ordinal);
        var sent = Assert.Single(_negocio.SavedSuppliers);
        Assert.Equal(("Distribuidora Norte", "20-12345678-6"), (sent.Name, sent.Cuit));
        Assert.Equal(new[] { "Lácteos", "La Serenísima" }, sent.Supplies!);
        Assert.NotNull(_dialogs.Find("[data-testid=supplier-form]")); // still open
    }

    [Theory]
    [InlineData("20-1234", false, null)]
    [InlineData("", false, null)]
    [InlineData("20-12345678-6", false, null)]
    [InlineData("20-12345678-0", false, "El CUIT 20-12345678-0 tiene el dígito verificador incorrecto (esperado 6)")]
    [InlineData("20-1234x", false, "El CUIT '20-1234x' no tiene el formato NN-NNNNNNNN-N (11 dígitos)")]
    [InlineData("", true, "El CUIT es obligatorio")]
    [InlineData("20-1234", true, "El CUIT '20-1234' no tiene el formato NN-NNNNNNNN-N (11 dígitos)")]
    public void Cuit_IsCheckedOnceItCanBeComplete(string text, bool final, string? error) => Assert.Equal(error, SupplierForm.CheckCuit(text, final));

    [Fact]
    public void SuppliersCsv_OneRowPerSupplier()
    {
        var csv = Encoding.UTF8.GetString(Suppliers.SuppliersCsv([Supplier(SerenisimaId, "La Serenísima", "30-50000000-9")])[3..]);

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Razón social;CUIT;Condición de IVA;Contacto;Correo;Teléfono;Provee;Activo;Alta;Actualizado", lines[0]);
        Assert.StartsWith("La Serenísima;30-50000000-9;Responsable Inscripto;Marta;ventas@example.com;", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(";Lácteos;sí;20/11/2026 09:00;20/11/2026 09:00", lines[1], StringComparison.Ordinal);
    }
}

/// <summary>
/// A negocio agent for the orders and suppliers pages: keeps orders and suppliers in memory and applies edits,
/// state changes and receipts as negocio would; answers the test sets win; records every call.
/// </summary>
public sealed class OrdersNegocioFake : INegocioClient
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    public List<PurchaseOrderDto> Orders { get; } = [];
    public List<SupplierDto> Suppliers { get; } = [];
    public List<(string? State, Guid? SupplierId, int Page, int PageSize)> OrderQueries { get; } = [];
    public List<(string? Text, bool? Active, int Page, int PageSize)> SupplierQueries { get; } = [];
    public AgentResult<PagedResult<PurchaseOrderDto>>? OrdersAnswer { get; set; }
    public List<IReadOnlyList<OrderLineQuantityRequest>> Edits { get; } = [];
    public AgentResult<PurchaseOrderDto>? EditAnswer { get; set; }
    public List<(string Key, IReadOnlyList<OrderLineQuantityRequest>? Lines)> Receipts { get; } = [];
    public Queue<AgentResult<PurchaseOrderDto>> ReceiveAnswers { get; } = new();
    public AgentResult<PurchaseOrderDto>? SendAnswer { get; set; }
    public AgentResult<PurchaseOrderDto>? CancelAnswer { get; set; }
    /// <summary>When set, send waits for it: the call is "in flight" until the test completes it.</summary>
    public TaskCompletionSource? Gate { get; set; }
    public int Sends { get; private set; }
    public int Cancels { get; private set; }
    public List<SupplierRequest> SavedSuppliers { get; } = [];
    public Func<SupplierRequest, AgentResult<SupplierDto>>? SaveSupplierAnswer { get; set; }
    public List<(Guid Id, bool Active)> ActiveChanges { get; } = [];

    /// <summary>The order with these lines, its total and received value computed as negocio does.</summary>
    public static PurchaseOrderDto Recalculated(PurchaseOrderDto order, IReadOnlyList<PurchaseOrderLineDto> lines) => order with
    {
        Lines = lines,
        Total = lines.Sum(l => l.Quantity * l.UnitPrice),
        ReceivedValue = lines.Sum(l => l.ReceivedQuantity * l.UnitPrice),
    };

    private AgentResult<PurchaseOrderDto> Store(PurchaseOrderDto order)
    {
        Orders[Orders.FindIndex(o => o.Id == order.Id)] = order;
        return Answers.Ok(order);
    }

    private PurchaseOrderDto? Find(Guid id) => Orders.FirstOrDefault(o => o.Id == id);

    private static AgentResult<T> Missing<T>(Guid id) => Answers.Refused<T>(404, "No existe " + id);

    public Task<AgentResult<PagedResult<SupplierDto>>> ListSuppliersAsync(string? text = null, bool? active = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        SupplierQueries.Add((text, active, page, pageSize));
        var rows = Suppliers.Where(s => (active is null || s.Active == active) && (text is null || s.Name.Contains(text, StringComparison.OrdinalIgnoreCase))).ToList();
        return Task.FromResult(Answers.Ok(new PagedResult<SupplierDto>(rows.Skip((page - 1) * pageSize).Take(pageSize).ToList(), rows.Count, page, pageSize)));
    }

    public Task<AgentResult<SupplierDto>> GetSupplierAsync(Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Suppliers.FirstOrDefault(s => s.Id == id) is { } supplier ? Answers.Ok(supplier) : Missing<SupplierDto>(id));

    public Task<AgentResult<SupplierDto>> CreateSupplierAsync(SupplierRequest supplier, CancellationToken cancellationToken = default)
    {
        SavedSuppliers.Add(supplier);
        return Task.FromResult(SaveSupplierAnswer?.Invoke(supplier) ?? Answers.Ok(new SupplierDto(Guid.NewGuid(), supplier.Name ?? "", supplier.Cuit ?? "",
            supplier.IvaCondition ?? "", supplier.ContactName, supplier.Email, supplier.Phone, supplier.Supplies ?? [], true, Now, Now)));
    }

    public Task<AgentResult<SupplierDto>> UpdateSupplierAsync(Guid id, SupplierRequest supplier, CancellationToken cancellationToken = default) =>
        CreateSupplierAsync(supplier, cancellationToken);

    public Task<AgentResult<SupplierDto>> DeactivateSupplierAsync(Guid id, CancellationToken cancellationToken = default) => SetActive(id, false);

    public Task<AgentResult<SupplierDto>> ReactivateSupplierAsync(Guid id, CancellationToken cancellationToken = default) => SetActive(id, true);

    private Task<AgentResult<SupplierDto>> SetActive(Guid id, bool active)
    {
        ActiveChanges.Add((id, active));
        var index = Suppliers.FindIndex(s => s.Id == id);
        if (index < 0) return Task.FromResult(Missing<SupplierDto>(id));
        Suppliers[index] = Suppliers[index] with { Active = active, UpdatedAt = Now };
        return Task.FromResult(Answers.Ok(Suppliers[index]));
    }

    public Task<AgentResult<PagedResult<PurchaseOrderDto>>> ListOrdersAsync(string? state = null, Guid? supplierId = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        OrderQueries.Add((state, supplierId, page, pageSize));
        if (OrdersAnswer is { } answer) return Task.FromResult(answer);
        var rows = Orders.Where(o => (state is null || o.State == state) && (supplierId is null || o.SupplierId == supplierId)).ToList();
        return Task.FromResult(Answers.Ok(new PagedResult<PurchaseOrderDto>(rows.Skip((page - 1) * pageSize).Take(pageSize).ToList(), rows.Count, page, pageSize)));
    }

    public Task<AgentResult<PurchaseOrderDto>> GetOrderAsync(Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(id) is { } order ? Answers.Ok(order) : Missing<PurchaseOrderDto>(id));

    public Task<AgentResult<PurchaseOrderDto>> EditOrderLinesAsync(Guid id, IReadOnlyList<OrderLineQuantityRequest> lines, CancellationToken cancellationToken = default)
    {
        Edits.Add(lines);
        if (EditAnswer is { } answer) return Task.FromResult(answer);
        if (Find(id) is not { } order) return Task.FromResult(Missing<PurchaseOrderDto>(id));
        var edited = order.Lines
            .Select(l => lines.FirstOrDefault(c => c.ProductId == l.ProductId) is { Quantity: { } quantity } ? l with { Quantity = quantity, Subtotal = quantity * l.UnitPrice } : l)
            .Where(l => l.Quantity > 0)
            .ToList();
        return Task.FromResult(Store(Recalculated(order, edited)));
    }

    public async Task<AgentResult<PurchaseOrderDto>> SendOrderAsync(Guid id, CancellationToken cancellationToken = default)
    {
        Sends++;
        if (Gate is { } gate) await gate.Task;
        if (SendAnswer is { } answer) return answer;
        return Find(id) is { } order ? Store(order with { State = "enviada", SentAt = Now }) : Missing<PurchaseOrderDto>(id);
    }

    public Task<AgentResult<PurchaseOrderDto>> CancelOrderAsync(Guid id, CancellationToken cancellationToken = default)
    {
        Cancels++;
        if (CancelAnswer is { } answer) return Task.FromResult(answer);
        return Task.FromResult(Find(id) is { } order ? Store(order with { State = "cancelada", ClosedAt = Now }) : Missing<PurchaseOrderDto>(id));
    }

    public Task<AgentResult<PurchaseOrderDto>> ReceiveOrderAsync(Guid id, string idempotencyKey, IReadOnlyList<OrderLineQuantityRequest>? lines = null, CancellationToken cancellationToken = default)
    {
        Receipts.Add((idempotencyKey, lines));
        if (ReceiveAnswers.Count > 0) return Task.FromResult(ReceiveAnswers.Dequeue());
        if (Find(id) is not { } order) return Task.FromResult(Missing<PurchaseOrderDto>(id));
        var received = order.Lines.Select(l => l with
        {
            ReceivedQuantity = l.ReceivedQuantity + (lines is null or { Count: 0 }
                ? l.Quantity - l.ReceivedQuantity
                : lines.Where(r => r.ProductId == l.ProductId).Sum(r => r.Quantity ?? 0)),
        }).ToList();
        var complete = received.All(l => l.ReceivedQuantity >= l.Quantity);
        return Task.FromResult(Store(Recalculated(order, received) with { State = complete ? "recibida" : order.State, ClosedAt = complete ? Now : order.ClosedAt }));
    }

    public Task<AgentResult<OrderProposalDto>> ProposeOrdersAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<PagedResult<InvoiceSummaryDto>>> ListInvoicesAsync(string? state = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<InvoiceDto>> GetInvoiceAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<InvoiceDto>> UploadInvoiceAsync(IReadOnlyList<InvoicePhoto> pages, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<InvoiceDto>> CreateInvoiceAsync(InvoiceRequest invoice, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<InvoiceDto>> ImportInvoiceAsync(InvoiceRequest invoice, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<InvoiceDto>> UpdateInvoiceAsync(Guid id, InvoiceRequest invoice, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<InvoiceDto>> ConfirmInvoiceAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<InvoiceDto>> DiscardInvoiceAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<PriceDto>> GetPriceAsync(int productId, DateOnly? date = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AgentResult<RevenueTodayDto>> GetRevenueTodayAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
