using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Console.Data;
using MiniMarket.Testing;
using Serilog.Core;

namespace MiniMarket.Console.Tests;

/// <summary>Counts every password-hash check, to prove an unknown user name costs the same work as a known one.</summary>
public sealed class CountingHasher : IPasswordHasher<ConsoleUser>
{
    private readonly PasswordHasher<ConsoleUser> _inner = new();
    private int _verifications;

    public int Verifications => _verifications;

    public string HashPassword(ConsoleUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(ConsoleUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>Gives each test request the client address of its <c>X-Test-Address</c> header (the test server has none).</summary>
public sealed class TestAddressFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers["X-Test-Address"].ToString(), out var address)) context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}

public sealed class SignInFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    public ConsoleFactory Console { get; private set; } = null!;
    public CountingHasher Hasher { get; } = new();
    public CapturingLogSink Logs { get; } = new();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("signin");
        Console = new ConsoleFactory(_database.ConnectionString, $"http://127.0.0.1:{TestServers.FreePort()}", null, services =>
        {
            services.AddSingleton<IPasswordHasher<ConsoleUser>>(Hasher);
            services.AddSingleton<IStartupFilter, TestAddressFilter>();
            services.AddSingleton<ILogEventSink>(Logs);
        });
        using var client = Console.CreateClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        await Console.AddEncargadoAsync();
        await Console.AddGuardiaAsync();
    }

    public async Task DisposeAsync()
    {
        await Console.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

/// <summary>
/// Sign-in as an attacker sees it: user names cannot be told apart by the work a wrong password costs, failures from one
/// address are throttled (429 + Retry-After) before the account would lock, so a stranger cannot lock a person out; every
/// failure is counted and logged; a forged Host header never reaches a redirect.
/// </summary>
[Collection(StatusAgreementGroup.Name)]
public sealed class SignInGuardTests(SignInFixture fixture) : IClassFixture<SignInFixture>
{
    private static HttpRequestMessage Token(string user, string password, string address) => new(HttpMethod.Post, "/api/v1/token")
    {
        Content = JsonContent.Create(new { userName = user, password }),
        Headers = { { "X-Test-Address", address } },
    };

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using var client = fixture.Console.CreateClient();
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task UnknownUserName_CostsTheSamePasswordCheckAsAKnownOne()
    {
        var before = fixture.Hasher.Verifications;
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(Token("nadie-" + Guid.NewGuid().ToString("N")[..6], "una-clave-cualquiera", "10.0.0.1"))).StatusCode);
        var unknown = fixture.Hasher.Verifications - before;

        before = fixture.Hasher.Verifications;
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(Token("guardia", "una-clave-cualquiera", "10.0.0.2"))).StatusCode);
        var known = fixture.Hasher.Verifications - before;

        Assert.Equal(1, unknown);
        Assert.Equal(known, unknown);
    }

    [Fact]
    public async Task FiveFailuresFromOneAddress_Throttled429_AccountNotLocked_OtherAddressesSignIn()
    {
        const string stranger = "203.0.113.7";
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(Token("encargado", "adivinando-" + i, stranger))).StatusCode);

        var throttled = await SendAsync(Token("encargado", ConsoleFactory.EncargadoPassword, stranger));
        var elsewhere = await SendAsync(Token("encargado", ConsoleFactory.EncargadoPassword, "198.51.100.20"));

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 429 says when to retry");
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        // The person is not locked out: from their own address the right password works (403: an encargado gets no script token).
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        await using var scope = fixture.Console.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        Assert.False(await users.IsLockedOutAsync((await users.FindByNameAsync("encargado"))!));
    }

    [Fact]
    public async Task LoginForm_ThrottledAddress_429WithTheReasonOnThePage()
    {
        const string stranger = "203.0.113.9";
        using var client = fixture.Console.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add("X-Test-Address", stranger);
        for (var i = 0; i < 5; i++) await ConsoleSignIn.PostLoginAsync(client, "guardia", "mal-" + i, "/");

        var response = await ConsoleSignIn.PostLoginAsync(client, "guardia", ConsoleFactory.GuardiaPassword, "/");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("Demasiados intentos fallidos desde esta dirección", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedSignIn_CountedAndLoggedWithTheAddress()
    {
        using var client = fixture.Console.CreateClient();
        var before = MetricsText.Value(await client.GetStringAsync("/metrics"), "console_sign_ins_total{result=\"failed\"}");

        await SendAsync(Token("admin", "no-es-la-clave", "192.0.2.44"));

        var after = MetricsText.Value(await client.GetStringAsync("/metrics"), "console_sign_ins_total{result=\"failed\"}");
        Assert.True(after >= before + 1, $"failed sign-ins {before} → {after}");
        Assert.Contains(fixture.Logs.Events, e => e.Level == Serilog.Events.LogEventLevel.Warning
            && e.MessageTemplate.Text.StartsWith("Sign-in failed from", StringComparison.Ordinal) && e.Properties["Address"].ToString() == "\"192.0.2.44\"");
    }

    [Fact]
    public async Task ForgedHostHeader_400NamingHost_NeverAnAbsoluteRedirectToIt()
    {
        using var client = fixture.Console.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/inventario");
        request.Headers.Host = "evil.example";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("\"Host\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
