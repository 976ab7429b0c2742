using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniMarket.Agents.Hosting;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Testing;

/// <summary>
/// The real agents app in a role, against the PostgreSQL and Redis test.sh started, in a database of the test's own.
/// With <see cref="StartOnKestrel"/> it listens on a real loopback port (for a real Prometheus to scrape).
/// </summary>
public sealed class AgentsFactory(string role, string postgres, IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<HostedAgents>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As strict as Development (run.sh): a singleton that captures a scoped service fails here, not on the first run.
        builder.UseDefaultServiceProvider(o => (o.ValidateScopes, o.ValidateOnBuild) = (true, true));
        builder.UseSetting("Agent:Role", role);
        builder.UseSetting("ConnectionStrings:Postgres", postgres);
        builder.UseSetting("ConnectionStrings:Redis", TestServers.Redis);
        builder.UseSetting("Jwt:SigningKey", TestServers.JwtSigningKey);
        // Each test database gets its own Redis keys: product ids repeat across databases.
        builder.UseSetting("Redis:KeyPrefix", "mmtest-" + new Npgsql.NpgsqlConnectionStringBuilder(postgres).Database);
        builder.UseSetting("Deposito:MetricsInterval", "00:00:01");
        // deposito asks negocio about a product's supplier only when the test points it at one.
        builder.UseSetting("Deposito:NegocioUrl", "http://127.0.0.1:9/");
        // The ml agent trains only when a test asks (POST /api/v1/models/retrain), keeps its files in a folder of its
        // own, and reads no deposito unless the test points it at one.
        builder.UseSetting("Ml:RetrainInterval", "00:00:00");
        builder.UseSetting("Ml:ModelDirectory", Path.Combine(Path.GetTempPath(), "mmtest-models-" + Guid.NewGuid().ToString("N")));
        builder.UseSetting("Ml:DepositoUrl", "http://127.0.0.1:9/");
        // negocio proposes orders only when a test asks, and calls no other agent unless the test points it at one.
        builder.UseSetting("Negocio:OrderProposalInterval", "00:00:00");
        builder.UseSetting("Negocio:MetricsInterval", "00:00:02");
        builder.UseSetting("Negocio:PriceSyncInterval", "00:00:02");
        builder.UseSetting("Negocio:DepositoUrl", "http://127.0.0.1:9/");
        builder.UseSetting("Negocio:MlUrl", "http://127.0.0.1:9/");
        builder.UseSetting("Negocio:CatalogMaxAge", "00:00:00");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureServices(services);
    }

    /// <summary>Starts on Kestrel at 127.0.0.1 on <paramref name="port"/> (0: a free one) and returns the base address.</summary>
    public Uri StartOnKestrel(int port = 0)
    {
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }

    /// <summary>A token as the console would mint it for a person with these roles.</summary>
    public string TokenFor(string user, params string[] roles) => Services.GetRequiredService<TokenIssuer>().ForUser(user, roles).Token;

    public JwtOptions Jwt => Services.GetRequiredService<IOptions<JwtOptions>>().Value;

    /// <summary>The store this agent serves (its tokens must name it).</summary>
    public IOptions<StoreOptions> Store => Services.GetRequiredService<IOptions<StoreOptions>>();
}
