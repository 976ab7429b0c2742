using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Console.Data;
using MiniMarket.Console.Hosting;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Testing;

/// <summary>The real console app on the PostgreSQL test.sh started, in a database of its own, with a first admin.</summary>
public sealed class ConsoleFactory(string postgres, string prometheusUrl, IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<MiniMarket.Console.Strings>
{
    public const string AdminPassword = "admin-password-for-tests";
    public const string EncargadoPassword = "encargado-password-for-tests";
    public const string GuardiaPassword = "guardia-password-for-tests";

    /// <summary>This console's embedded log store: a directory of its own, deleted with the factory.</summary>
    public string LogStoreDirectory { get; } = Path.Combine(Path.GetTempPath(), "mm-logstore-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As strict as Development (run.sh): a singleton that captures a scoped service fails here, not on the first run.
        builder.UseDefaultServiceProvider(o => (o.ValidateScopes, o.ValidateOnBuild) = (true, true));
        // Serve _framework/ and _content/ (MudBlazor) from the build output, as a Development run does.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Postgres", postgres);
        builder.UseSetting("Jwt:SigningKey", TestServers.JwtSigningKey);
        builder.UseSetting("Observability:PrometheusUrl", prometheusUrl);
        builder.UseSetting("Admin:UserName", "admin");
        builder.UseSetting("Admin:Password", AdminPassword);
        builder.UseSetting("Observability:LogStore:Path", Path.Combine(LogStoreDirectory, "logs.db"));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureServices(services);
    }

    /// <summary>Starts on Kestrel at 127.0.0.1 on a free port (for a real browser) and returns the base address.</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(LogStoreDirectory)) Directory.Delete(LogStoreDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open: the temp directory is cleaned by the machine.
        }
    }

    /// <summary>Adds a guardia (the on-call) the way the demo seed does.</summary>
    public async Task AddGuardiaAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        await UserAccounts.EnsureUserAsync(users, "guardia", GuardiaPassword, "Guardia", [Roles.Guardia]);
    }

    /// <summary>Adds an encargado the way the demo seed does (through Identity's UserManager).</summary>
    public async Task AddEncargadoAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        await UserAccounts.EnsureUserAsync(users, "encargado", EncargadoPassword, "Encargada", [Roles.Encargado]);
    }
}
