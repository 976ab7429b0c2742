using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Components;
using MiniMarket.Console.Data;
using MiniMarket.Console.LogStore;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.ServiceDefaults;
using MudBlazor.Services;

namespace MiniMarket.Console.Hosting;

/// <summary>Registrations and endpoints of the ops console (Blazor Server + MudBlazor + Identity).</summary>
public static class ConsoleHosting
{
    public static ServiceProfile Profile { get; } = new("console")
    {
        RequireRedis = false,
        JwtBearerIsDefault = false,
        // Blazor Server: its own scripts, a WebSocket to the same origin, MudBlazor's inline styles.
        ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
            "font-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
    };

    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        // A closed tab's circuit lingers: its live views stop querying until (if ever) the browser reconnects.
        services.AddScoped<CircuitPresence>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CircuitPresenceHandler>();
        services.AddMudServices();
        // The security headers (X-Frame-Options DENY, CSP frame-ancestors) come from the hosting defaults; antiforgery
        // would add a second, contradicting X-Frame-Options: SAMEORIGIN.
        // Secure when the request is HTTPS (directly or, behind the proxy, by X-Forwarded-Proto), like the sign-in cookie.
        services.AddAntiforgery(o => (o.SuppressXFrameOptionsHeader, o.Cookie.SecurePolicy) = (true, CookieSecurePolicy.SameAsRequest));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var esAr = new CultureInfo("es-AR");
            o.DefaultRequestCulture = new RequestCulture(esAr);
            o.SupportedCultures = [esAr];
            o.SupportedUICultures = [esAr];
        });

        builder.AddMiniMarketDbContext<ConsoleDbContext>(ConsoleDbContext.Schema);
        AddIdentity(builder);

        services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ObservabilityOptions>, ObservabilityOptionsValidator>();
        services.AddObservabilityClients();
        AddLogStore(builder);
        services.AddSingleton<RunbookLibrary>();
        services.AddSingleton<HelpLibrary>();
        services.AddSingleton<EscalationDirectory>();
        services.AddSingleton<IEscalationDirectory>(sp => sp.GetRequiredService<EscalationDirectory>());
        services.AddSingleton<SloCatalog>();
        services.AddTransient<SloViewModel>();
        services.AddTransient<AlertsViewModel>();
        services.AddTransient<HomeViewModel>();
        // The chain overview reads every store at once: the chain's Prometheus without a store scope.
        services.AddTransient(sp => ActivatorUtilities.CreateInstance<ChainViewModel>(sp, (IPrometheusClient)sp.GetRequiredService<PrometheusSources>().Chain));
        services.AddTransient<HealthViewModel>();
        services.AddTransient<BusinessKpisViewModel>();
        services.AddTransient<AlertTimeline>();
        services.AddTransient<LogsViewModel>();
        services.AddScoped<IUserAdministration, UserAdministration>();
        services.AddAgentClients();
        return builder;
    }

    /// <summary>The embedded log store and its writer, when it is on (Observability:LogStore:Enabled, else when there is no Loki).</summary>
    private static void AddLogStore(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LogStore.LogStoreOptions>().BindConfiguration(LogStore.LogStoreOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LogStore.LogStoreOptions>, LogStore.LogStoreOptionsValidator>();
        services.AddSingleton<LogStore.EmbeddedLogStore>();
        if (LogStoreEnabled(builder.Configuration)) services.AddHostedService<LogStore.LogStoreWriter>();
    }

    private static bool LogStoreEnabled(IConfiguration configuration)
    {
        var store = configuration.GetSection(LogStore.LogStoreOptions.Section).Get<LogStore.LogStoreOptions>() ?? new LogStore.LogStoreOptions();
        var observability = configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        return store.IsEnabled(observability);
    }

    private static void AddIdentity(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/cuenta/ingresar";
            o.AccessDeniedPath = "/cuenta/acceso-denegado";
            o.LogoutPath = "/cuenta/salir";
            o.Cookie.Name = "minimarket.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
        });
        services.AddIdentityCore<ConsoleUser>(o =>
            {
                // NIST 800-63B: length over composition rules.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            // ASP.NET's user manager passes the request's cancellation (client gone, request timed out) to every query.
            .AddUserManager<AspNetUserManager<ConsoleUser>>()
            .AddUserValidator<UserNameRules>()
            .AddEntityFrameworkStores<ConsoleDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        // Failed sign-ins: throttled per address (429) well before an account locks (SignInGuard).
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignInOptions>, SignInOptionsValidator>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<SignInOptions>>((identity, signIn) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = signIn.Value.AccountLockoutAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = signIn.Value.AccountLockout;
        });
        services.AddSingleton<FailedSignIns>();
        services.AddSingleton<DecoyPassword>();
        services.AddScoped<SignInGuard>();
        SignInGuard.Initialise();
        services.AddAuthorizationBuilder()
            .AddPolicy(AccessMatrix.ConsoleUsers)
            .AddPolicy(AccessMatrix.ConsoleOnCall);
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);
        services.AddOptions<Demo.DemoOptions>().BindConfiguration(Demo.DemoOptions.Section);
        Demo.DemoSeeder.AddDemoSeedStep<Demo.DepositoDemoStep>(services);
        Demo.DemoSeeder.AddDemoSeedStep<Demo.NegocioDemoStep>(services);
        Demo.DemoSeeder.AddDemoSeedStep<Demo.MlDemoStep>(services);
        services.AddHostedService<IdentityBootstrap>();

        var keysPath = builder.Configuration["DataProtection:KeysPath"];
        var dataProtection = services.AddDataProtection().SetApplicationName("minimarket-console");
        if (!string.IsNullOrWhiteSpace(keysPath)) dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysPath));
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        // Our CSP already says frame-ancestors 'none'; Blazor would add a second CSP header with 'self'.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        app.MapAccountEndpoints();
        app.MapInvoiceImages();
        app.MapHelpPictures();
        if (LogStoreEnabled(app.Configuration)) app.MapOtlpLogReceiver();
        return app;
    }
}

/// <summary>The console's page policies as constants (attributes need them), the same names <see cref="AccessMatrix"/> registers (a test checks).</summary>
public static class Policies
{
    public const string Admin = "admin";
    public const string OnCall = "guardia-o-admin";
}
