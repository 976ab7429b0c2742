using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Agents.Negocio;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Negocio;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NegocioTests : ICollectionFixture<NegocioFixture>
{
    public const string Name = "negocio";
}

/// <summary>
/// The three agents really running: deposito and ml on loopback ports, negocio calling them with its service token;
/// one database. <see cref="LoseDepositoAnswers"/> makes negocio lose deposito's answers after deposito acted (a
/// timeout on the way back), to prove retries apply once.
/// </summary>
public sealed class NegocioFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private int _cuitSequence = 1000;

    public AgentsFactory Deposito { get; private set; } = null!;
    public AgentsFactory Ml { get; private set; } = null!;
    public AgentsFactory Negocio { get; private set; } = null!;
    public Uri DepositoUrl { get; private set; } = null!;
    public Uri MlUrl { get; private set; } = null!;
    public HttpClient DepositoAdmin { get; private set; } = null!;
    public LossSwitch LoseDepositoAnswers { get; } = new();

    /// <summary>While armed, deposito "is away" for negocio's price updates: each attempt answers 503 without reaching it.</summary>
    public LossSwitch RefusePriceUpdates { get; } = new();
    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("negocio");
        Deposito = new AgentsFactory("deposito", ConnectionString);
        DepositoUrl = Deposito.StartOnKestrel();
        Ml = new AgentsFactory("ml", ConnectionString, new Dictionary<string, string?> { ["Ml:DepositoUrl"] = DepositoUrl.ToString() });
        MlUrl = Ml.StartOnKestrel();
        Negocio = CreateNegocio(DepositoUrl, MlUrl);
        DepositoAdmin = new HttpClient { BaseAddress = DepositoUrl };
        DepositoAdmin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Deposito.TokenFor("admin", Roles.Admin));
    }

    /// <summary>A negocio pointed at these addresses (an unused port stands for an agent that is down).</summary>
    public AgentsFactory CreateNegocio(Uri deposito, Uri ml, params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Negocio:DepositoUrl"] = deposito.ToString(), ["Negocio:MlUrl"] = ml.ToString() };
        foreach (var (key, value) in settings) all[key] = value;
        return new AgentsFactory("negocio", ConnectionString, all,
            services => services.AddHttpClient<DepositoAgentClient>().AddHttpMessageHandler(() => new LosingHandler(LoseDepositoAnswers, RefusePriceUpdates)));
    }

    public HttpClient Client(AgentsFactory agent, string role = Roles.Encargado, string user = "ana")
    {
        var client = agent.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agent.TokenFor(user, role));
        return client;
    }

    /// <summary>A valid CUIT no other test uses (prefix 30: a company).</summary>
    public string NewCuit()
    {
        while (true)
        {
            var first = "30" + Interlocked.Increment(ref _cuitSequence).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
            if (Cuit.ComputeCheckDigit(first) is { } check) return first + check;
        }
    }

    public async Task<int> CategoryAsync(string name)
    {
        var response = await DepositoAdmin.PostAsJsonAsync("/api/v1/categories", new CategoryRequest(name));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CategoryDto>())!.Id;
    }

    /// <summary>A product in deposito with <paramref name="stock"/> units entered (0: none, so it is critical).</summary>
    public async Task<ProductDto> ProductAsync(string code, string name, int categoryId, int min, int max, int stock = 0, decimal purchase = 100m, decimal sale = 135m)
    {
        var response = await DepositoAdmin.PostAsJsonAsync("/api/v1/products", new ProductRequest(code, name, null, categoryId, null, min, max, purchase, sale, null));
        response.EnsureSuccessStatusCode();
        var product = (await response.Content.ReadFromJsonAsync<ProductDto>())!;
        if (stock > 0) await MoveAsync(product.Id, "entrada", stock);
        return await GetProductAsync(product.Id);
    }

    public async Task MoveAsync(int productId, string kind, int quantity, string reason = "compra")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stock/movements")
        {
            Content = JsonContent.Create(new StockMovementRequest(productId, null, kind, quantity, reason, "test", null)),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        (await DepositoAdmin.SendAsync(request)).EnsureSuccessStatusCode();
    }

    public async Task<ProductDto> GetProductAsync(int id) => (await DepositoAdmin.GetFromJsonAsync<ProductDto>($"/api/v1/products/{id}"))!;

    public async Task DisposeAsync()
    {
        DepositoAdmin.Dispose();
        await Negocio.DisposeAsync();
        await Ml.DisposeAsync();
        await Deposito.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

/// <summary>While armed, negocio's stock movements reach deposito and then lose their answer, as a timeout on the way back would.</summary>
public sealed class LossSwitch
{
    private int _remaining;
    private int _lost;

    public int Lost => _lost;

    public void Arm(int answers) => Interlocked.Exchange(ref _remaining, answers);

    public bool TryLose()
    {
        if (Interlocked.Decrement(ref _remaining) < 0)
        {
            Interlocked.Exchange(ref _remaining, 0);
            return false;
        }
        Interlocked.Increment(ref _lost);
        return true;
    }
}

public sealed class LosingHandler(LossSwitch loss, LossSwitch refusePrices) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.EndsWith("/prices", StringComparison.Ordinal) && refusePrices.TryLose())
            return new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) { RequestMessage = request };
        var response = await base.SendAsync(request, cancellationToken);
        // Only stock movements: the background refresh's reads must not use up the answers a test means to lose.
        if (request.Method != HttpMethod.Post || !loss.TryLose()) return response;
        response.Dispose();
        throw new HttpRequestException("simulated: the answer was lost on the way back");
    }
}
