using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Data;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Hosting;

/// <summary>The first admin, from configuration (section <c>Admin</c>). There is no default password.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";
    public string UserName { get; set; } = "admin";
    /// <summary>A secret (environment or secret file). Without it and without an admin, nobody can manage users.</summary>
    public string? Password { get; set; }
}

/// <summary>
/// At start-up (after the migrations): makes sure every role exists and, when no admin exists yet, creates the
/// first one from <see cref="AdminOptions"/>. Never changes an existing user.
/// </summary>
public sealed partial class IdentityBootstrap(IServiceProvider services, IOptions<AdminOptions> admin, ILogger<IdentityBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await EnsureRolesAndAdminAsync(scope.ServiceProvider, admin.Value, logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task EnsureRolesAndAdminAsync(IServiceProvider scoped, AdminOptions admin, ILogger logger)
    {
        var roles = scoped.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)), "role " + role);
        }
        var users = scoped.GetRequiredService<UserManager<ConsoleUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0) return;
        if (string.IsNullOrWhiteSpace(admin.Password))
        {
            LogNoAdmin(logger);
            return;
        }
        await UserAccounts.EnsureUserAsync(users, admin.UserName, admin.Password, "Administración", [Roles.Admin]);
        LogAdminCreated(logger, admin.UserName);
    }

    internal static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"No se pudo crear {what}: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin exists and Admin:Password is not set: set Admin__UserName and Admin__Password to create the first admin")]
    private static partial void LogNoAdmin(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "First admin {UserName} created from configuration")]
    private static partial void LogAdminCreated(ILogger logger, string userName);
}

/// <summary>Creating a user with roles, shared by the admin bootstrap and the demo seed.</summary>
public static class UserAccounts
{
    /// <summary>Creates the user when absent (with the password and roles); an existing user is left as is.</summary>
    public static async Task<bool> EnsureUserAsync(UserManager<ConsoleUser> users, string userName, string password, string displayName, IEnumerable<string> roles)
    {
        if (await users.FindByNameAsync(userName) is not null) return false;
        var user = new ConsoleUser { UserName = userName, DisplayName = displayName, LockoutEnabled = true };
        IdentityBootstrap.Check(await users.CreateAsync(user, password), "el usuario " + userName);
        IdentityBootstrap.Check(await users.AddToRolesAsync(user, roles), "los roles de " + userName);
        return true;
    }
}

/// <summary>
/// User names travel in tokens and are recorded by the agents with every write (columns of 100 characters): keep
/// them short and plain.
/// </summary>
public sealed class UserNameRules : IUserValidator<ConsoleUser>
{
    public const int MaxLength = 64;

    public Task<IdentityResult> ValidateAsync(UserManager<ConsoleUser> manager, ConsoleUser user) =>
        Task.FromResult(user.UserName is { Length: > MaxLength }
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "UserNameTooLong",
                Description = $"El nombre de usuario admite hasta {MaxLength} caracteres.",
            })
            : IdentityResult.Success);
}
