using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Data;
using MiniMarket.Console.Hosting;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Demo;

/// <summary>Demo data settings (section <c>Demo</c>); only run.sh sets them.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";
    public string? EncargadoPassword { get; set; }
    public string? GuardiaPassword { get; set; }
}

/// <summary>
/// One step of the demo seed. Steps run in <see cref="Order"/>, must be idempotent (run.sh seeds on every start)
/// and go through the services' own APIs (Identity's managers here, the agents' HTTP APIs in later steps).
/// </summary>
public interface IDemoSeedStep
{
    int Order { get; }
    string Name { get; }
    Task<string> RunAsync(IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>
/// <c>MiniMarket.Console seed-demo</c>: applies the console's migrations, then every registered
/// <see cref="IDemoSeedStep"/>, and exits. Refused in Production: demo users have printed passwords.
/// </summary>
public static partial class DemoSeeder
{
    public const string Command = "seed-demo";

    public static IServiceCollection AddDemoSeedStep<TStep>(this IServiceCollection services) where TStep : class, IDemoSeedStep =>
        services.AddSingleton<IDemoSeedStep, TStep>();

    public static async Task<int> SeedDemoAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoSeeder));
        if (app.Environment.IsProduction())
        {
            await System.Console.Error.WriteLineAsync("seed-demo se niega a correr en Production: los usuarios de demostración tienen contraseñas conocidas.");
            return 3;
        }
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ConsoleDbContext>().Database.MigrateAsync(cancellation.Token);
        }
        var steps = app.Services.GetServices<IDemoSeedStep>().Prepend(new DemoUsersStep()).OrderBy(s => s.Order).ToList();
        foreach (var step in steps)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var outcome = await step.RunAsync(scope.ServiceProvider, cancellation.Token);
            LogStep(logger, step.Name, outcome);
        }
        return 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo seed step {Step}: {Outcome}")]
    private static partial void LogStep(ILogger logger, string step, string outcome);
}

/// <summary>The demo users: the first admin (from Admin:*), an encargado and a guardia.</summary>
internal sealed class DemoUsersStep : IDemoSeedStep
{
    public int Order => 0;
    public string Name => "usuarios";

    public async Task<string> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<DemoUsersStep>();
        await IdentityBootstrap.EnsureRolesAndAdminAsync(services, services.GetRequiredService<IOptions<AdminOptions>>().Value, logger);
        var demo = services.GetRequiredService<IOptions<DemoOptions>>().Value;
        var users = services.GetRequiredService<UserManager<ConsoleUser>>();
        var created = new List<string>();
        if (!string.IsNullOrEmpty(demo.EncargadoPassword) &&
            await UserAccounts.EnsureUserAsync(users, "encargado", demo.EncargadoPassword, "Encargada de tienda", [Roles.Encargado]))
            created.Add("encargado");
        if (!string.IsNullOrEmpty(demo.GuardiaPassword) &&
            await UserAccounts.EnsureUserAsync(users, "guardia", demo.GuardiaPassword, "Guardia de turno", [Roles.Guardia]))
            created.Add("guardia");
        return created.Count == 0 ? "ya existían" : "creados: " + string.Join(", ", created);
    }
}
