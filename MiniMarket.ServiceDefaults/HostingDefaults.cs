using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometheus;
using Serilog;
using StackExchange.Redis;

namespace MiniMarket.ServiceDefaults;

/// <summary>What differs between the services that share the hosting defaults.</summary>
public sealed record ServiceProfile(string ServiceName)
{
    /// <summary>Agents need Redis (their cache); the console only uses it when configured.</summary>
    public bool RequireRedis { get; init; } = true;

    /// <summary>Agents authenticate JWT bearer tokens by default; the console uses Identity cookies instead.</summary>
    public bool JwtBearerIsDefault { get; init; } = true;

    /// <summary>Content-Security-Policy header value. APIs serve no documents, so the default forbids everything.</summary>
    public string ContentSecurityPolicy { get; init; } = "default-src 'none'; frame-ancestors 'none'";
}

/// <summary>
/// The defaults every MiniMarket service calls: logging, metrics, health, ProblemDetails, security headers,
/// rate limiting and authentication. Program.cs reads: add defaults, add this app's services, build, use
/// defaults, map default endpoints, map APIs, run.
/// </summary>
public static class HostingDefaults
{
    public const string MetricsPath = "/metrics";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddMiniMarketDefaults(this WebApplicationBuilder builder, ServiceProfile profile)
    {
        var services = builder.Services;
        MetricsDefaults.Configure(profile.ServiceName);
        MetricsDefaults.SetStore(builder.Configuration[$"{StoreOptions.Section}:Id"], builder.Configuration[$"{StoreOptions.Section}:Name"]);
        builder.AddMiniMarketLogging(profile.ServiceName);
        services.AddSingleton(profile);
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<ConnectionOptions>().BindConfiguration(ConnectionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectionOptions>>(new ConnectionOptionsValidator(profile.RequireRedis));
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateOnStart();
        services.AddMiniMarketReverseProxy();
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<RedisKeys>();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemExceptionHandler.Customize);
        // A body or parameter that cannot be read (wrong JSON type, malformed JSON) throws, in every environment, so
        // that the exception handler answers with a ProblemDetails naming the field instead of an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddMiniMarketHttp(builder.Configuration);

        AddData(builder, profile);
        AddRateLimiting(builder);
        AddAuthentication(builder, profile);
        return builder;
    }

    /// <summary>Statements prepared per connection when the connection string does not say (Npgsql's default is none).</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// The service's PostgreSQL data source. The hot statements (a stock movement, a product read, EF's queries) are
    /// prepared on each connection after their second use, so PostgreSQL parses and plans them once instead of on every
    /// call; a connection string that says otherwise ("Max Auto Prepare=0", e.g. behind PgBouncer in transaction mode) wins.
    /// A connection going back to the pool is not reset ("No Reset On Close"): with prepared statements Npgsql's reset is
    /// seven commands (CLOSE ALL, RESET ALL, DISCARD TEMP…) PostgreSQL ran before every borrowed connection's first
    /// statement — about a third of its work per stock movement. Nothing here leaves state on a session: no SET, no temp
    /// tables, no cursors, only transaction-scoped advisory locks (<c>SessionStateTests</c> keeps it so). A connection
    /// string that says otherwise wins.
    /// </summary>
    public static NpgsqlDataSource PostgresDataSource(string? connectionString, string serviceName)
    {
        var dataSource = new NpgsqlDataSourceBuilder(connectionString) { Name = serviceName };
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare")) dataSource.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose")) dataSource.ConnectionStringBuilder.NoResetOnClose = true;
        if (!given.ContainsKey("Auto Prepare Min Usages") && !given.ContainsKey("AutoPrepareMinUsages")) dataSource.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        return dataSource.Build();
    }

    private static void AddData(WebApplicationBuilder builder, ServiceProfile profile)
    {
        var services = builder.Services;
        var health = services.AddHealthChecks();
        services.AddSingleton(sp => PostgresDataSource(sp.GetRequiredService<IOptions<ConnectionOptions>>().Value.Postgres, profile.ServiceName));
        health.AddCheck<PostgresHealthCheck>("postgres", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(5));

        var redis = builder.Configuration[$"{ConnectionOptions.Section}:Redis"];
        if (profile.RequireRedis || !string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IConnectionMultiplexer>(sp =>
            {
                var configuration = ConfigurationOptions.Parse(sp.GetRequiredService<IOptions<ConnectionOptions>>().Value.Redis!);
                // Keep starting and serving when Redis is down: it is a cache, PostgreSQL is the truth.
                configuration.AbortOnConnectFail = false;
                // While disconnected, fail at once instead of queueing: the caller falls back to PostgreSQL immediately.
                configuration.BacklogPolicy = BacklogPolicy.FailFast;
                configuration.ReconnectRetryPolicy = new LinearRetry(1000);
                configuration.ConnectTimeout = 2000;
                configuration.SyncTimeout = 1000;
                configuration.AsyncTimeout = 1000;
                configuration.ClientName = "minimarket-" + profile.ServiceName;
                return ConnectionMultiplexer.Connect(configuration);
            });
            health.AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, [ReadyTag], TimeSpan.FromSeconds(3));
        }
    }

    private static void AddRateLimiting(WebApplicationBuilder builder)
    {
        var permitsPerMinute = builder.Configuration.GetValue("RateLimit:PermitsPerMinute", 1200);
        if (permitsPerMinute < 1)
            throw new InvalidOperationException($"La configuración 'RateLimit:PermitsPerMinute' debe ser mayor que 0 (es {permitsPerMinute}).");
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (IsInfrastructurePath(context.Request.Path)) return RateLimitPartition.GetNoLimiter("infra");
                // Agents calling each other share one identity per agent and are trusted: never throttled.
                if (context.User.FindFirst("token_kind")?.Value == "service") return RateLimitPartition.GetNoLimiter("service");
                var key = context.User.Identity?.IsAuthenticated == true
                    ? "user:" + context.User.Identity.Name
                    : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permitsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (context, token) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Demasiadas solicitudes.",
                        Detail = $"Se superó el límite de {permitsPerMinute} solicitudes por minuto. Reintente en {seconds} s.",
                    },
                });
            };
        });
    }

    private static void AddAuthentication(WebApplicationBuilder builder, ServiceProfile profile)
    {
        var authentication = profile.JwtBearerIsDefault
            ? builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            : builder.Services.AddAuthentication();
        authentication.AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, _ => { });
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwt) =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = TokenIssuer.ValidationParameters(jwt.Value);
                bearer.Events = new JwtBearerEvents
                {
                    OnChallenge = context =>
                    {
                        context.HandleResponse();
                        return WriteAuthProblem(context.HttpContext, StatusCodes.Status401Unauthorized, "Se requiere autenticación.",
                            context.AuthenticateFailure is null
                                ? "Falta el token: envíe 'Authorization: Bearer <token>'."
                                : "El token no es válido o venció.");
                    },
                    OnForbidden = context => WriteAuthProblem(context.HttpContext, StatusCodes.Status403Forbidden, "Acceso denegado.",
                        "Su rol no permite esta operación."),
                };
            });
        if (profile.JwtBearerIsDefault)
        {
            // Everything requires a token unless an endpoint says AllowAnonymous (metrics, health, OpenAPI).
            builder.Services.AddAuthorizationBuilder()
                .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        }
    }

    /// <summary>
    /// An agent serves its own store only: a token (person, script or service) that does not name this store (claim
    /// store, TokenIssuer) is refused with 403, whatever its roles — a chain's token for one store opens no other.
    /// </summary>
    private static void UseStoreGuard(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<IOptions<StoreOptions>>().Value.Id;
        app.Use((context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true || TokenIssuer.IsForStore(context.User, store)) return next(context);
            var named = string.Join(", ", context.User.FindAll(TokenIssuer.StoreClaim).Select(c => c.Value).Where(StoreOptions.IsValidId).Take(5));
            return WriteAuthProblem(context, StatusCodes.Status403Forbidden, "Acceso denegado.",
                named.Length == 0 ? $"El token no dice para qué sucursal es; este servicio es de la sucursal '{store}'."
                    : $"El token es para la sucursal {named}; este servicio es de la sucursal '{store}'.");
        });
    }

    private static Task WriteAuthProblem(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer";
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    public static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/health");

    /// <summary>
    /// Middleware in the order that matters. The HTTP metrics and the request log are outermost (after routing, which
    /// names the endpoint), so that they record the status the client really got: the exception handler, the status-code
    /// pages, the request timeouts, the guards and the rate limiter all answer inside them. /metrics and /health/* are
    /// measured by neither (a probe is not traffic): the recording rules say so.
    /// </summary>
    public static WebApplication UseMiniMarketDefaults(this WebApplication app)
    {
        var profile = app.Services.GetRequiredService<ServiceProfile>();
        // Before anything reads the scheme or the client's address: a known proxy's X-Forwarded-Proto/-For (ReverseProxy).
        app.UseForwardedHeaders();
        // First after it, so that every log line of the request (the request log included) carries its correlation id.
        app.UseCorrelation();
        app.UseRouting();
        app.UseWhen(context => !IsInfrastructurePath(context.Request.Path), measured => measured.UseHttpMetrics(o =>
        {
            o.ReduceStatusCodeCardinality();
            o.RequestDuration.Histogram = MetricsDefaults.RequestDuration;
        }));
        // The exception handler forgets the endpoint before it answers; the metrics name it by its route, so it is put back.
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            await next(context);
            if (endpoint is not null && context.GetEndpoint() is null) context.SetEndpoint(endpoint);
        });
        app.UseSerilogRequestLogging(o =>
        {
            o.GetLevel = RequestLogLevel;
            // This app's own logger: the static Log.Logger belongs to whichever host was built last (tests host several).
            o.Logger = app.Services.GetService<Serilog.ILogger>();
        });
        // On the response's start, so that an answer written by the exception handler (which clears headers) has them too.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()";
                headers.ContentSecurityPolicy = profile.ContentSecurityPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAllowedHosts();
        app.UseRequestTimeouts();
        app.UseRequestGuards();
        app.UseAuthentication();
        if (profile.JwtBearerIsDefault) app.UseStoreGuard();
        // After authentication (a signed-in caller is limited per user, others per address), before authorization
        // (so that a flood of unauthenticated requests is limited too).
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// The request log's level from the status the client got: a server error is an Error; anything else (a refusal of
    /// bad input, a client that hung up) is Information; the probes of /metrics and /health, and the successful requests of
    /// an endpoint marked <see cref="QuietRequestLog"/>, are Verbose (not written).
    /// </summary>
    public static Serilog.Events.LogEventLevel RequestLogLevel(HttpContext context, double elapsedMilliseconds, Exception? exception) =>
        IsInfrastructurePath(context.Request.Path) && context.Response.StatusCode < 500 ? Serilog.Events.LogEventLevel.Verbose
        : exception is null && context.Response.StatusCode < 400 && context.GetEndpoint()?.Metadata.GetMetadata<QuietRequestLog>() is not null
            ? Serilog.Events.LogEventLevel.Verbose
        : exception is not null || context.Response.StatusCode >= 500 ? Serilog.Events.LogEventLevel.Error
        : Serilog.Events.LogEventLevel.Information;

    /// <summary>/metrics, /health/live and /health/ready, all answering without a token.</summary>
    public static WebApplication MapMiniMarketDefaultEndpoints(this WebApplication app)
    {
        app.MapMetrics(MetricsPath).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks(LivePath, new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks(ReadyPath, new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymous().DisableRateLimiting();
        return app;
    }

    /// <summary>Runs the app; a bad setting ends the process with the message naming the key, not a stack trace.</summary>
    public static async Task<int> RunMiniMarketAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("Configuración inválida: " + string.Join(" ", ex.Failures));
            Log.Fatal(ex, "Invalid configuration: {Failures}", string.Join(" ", ex.Failures));
            return 2;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}

/// <summary>
/// Endpoint metadata: its successful requests are not written to the request log (the console's log receiver, whose every
/// request would otherwise add a line to the logs it stores). Refusals and failures still are.
/// </summary>
public sealed class QuietRequestLog;
