using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MiniMarket.Console.Data;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>A console user as the Usuarios page lists it. <see cref="LockedOutUntil"/> is set only while the lock-out lasts.</summary>
public sealed record UserSummary(string Id, string UserName, string? DisplayName, IReadOnlyList<string> RoleNames, DateTimeOffset? LockedOutUntil, int FailedAccessCount)
{
    public bool LockedOut => LockedOutUntil is not null;

    public bool IsAdmin => RoleNames.Contains(Roles.Admin, StringComparer.Ordinal);

    /// <summary>The stores the account names (claim <c>store</c>); none: the console's own (admin and guardia see every store).</summary>
    public IReadOnlyList<string> Stores { get; init; } = [];

    /// <summary>Locked by an administrator (no end), rather than for a while after failed sign-ins.</summary>
    public bool LockedIndefinitely => LockedOutUntil is { } until && until.Year >= 9999;
}

/// <summary>A person to create: user name, optional display name, first password, one of <see cref="Roles.People"/>.</summary>
public sealed record NewUserRequest(string? UserName, string? DisplayName, string? Password, string? Role);

/// <summary>
/// What a change to a user came to: done, refused field by field (<c>userName</c>, <c>displayName</c>, <c>password</c>,
/// <c>role</c>, <c>roles</c> — shown next to each field) or refused as a whole (<see cref="Problem"/>, e.g. the last-admin
/// guard). Messages are in Spanish, ready to show.
/// </summary>
public sealed record UserAdminResult(IReadOnlyDictionary<string, string[]> Errors, string? Problem)
{
    public static UserAdminResult Success { get; } = new(new Dictionary<string, string[]>(), null);

    public bool Succeeded => Errors.Count == 0 && Problem is null;

    /// <summary>Everything that went wrong, in one sentence or a few.</summary>
    public string Message => string.Join(" ", Errors.SelectMany(e => e.Value).Prepend(Problem ?? "").Where(m => m.Length > 0));

    public static UserAdminResult Refused(string problem) => new(new Dictionary<string, string[]>(), problem);

    public static UserAdminResult Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] }, null);
}

/// <summary>A change that could leave the console without an administrator.</summary>
public enum AdminChange
{
    RemoveAdminRole,
    LockOut,
}

/// <summary>
/// Console users for the admin's Usuarios page: list them with their roles and lock-out, create one, change roles, set a
/// new password, lock out and unlock. Never leaves the console without an active administrator, and nobody locks
/// themselves out.
/// </summary>
public interface IUserAdministration
{
    Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default);

    Task<UserAdminResult> CreateAsync(NewUserRequest request);

    /// <summary>Sets the user's person roles (admin, encargado, guardia) to exactly <paramref name="roles"/>; service roles are left as they are.</summary>
    Task<UserAdminResult> SetRolesAsync(string userId, IReadOnlyCollection<string> roles, string actingUserName);

    /// <summary>
    /// Sets the stores the user works on (claim <c>store</c>) to exactly <paramref name="stores"/>, each one this console
    /// knows (Store:Id, Chain:Stores); none: the console's own store. Refused as a whole (field <c>stores</c>) otherwise.
    /// </summary>
    Task<UserAdminResult> SetStoresAsync(string userId, IReadOnlyCollection<string> stores);

    /// <summary>An administrator sets a new password (the user's other sessions end at their next check).</summary>
    Task<UserAdminResult> ResetPasswordAsync(string userId, string? newPassword);

    /// <summary>Locks the user out until unlocked.</summary>
    Task<UserAdminResult> LockOutAsync(string userId, string actingUserName);

    /// <summary>Ends a lock-out (an administrator's or one for failed sign-ins) and clears the failed attempts.</summary>
    Task<UserAdminResult> UnlockAsync(string userId);
}

/// <summary>
/// <see cref="IUserAdministration"/> on ASP.NET Core Identity. Each operation works in its own service scope (its own
/// <see cref="UserManager{TUser}"/> and DbContext): a Blazor circuit lives for hours, and a DbContext kept that long would
/// answer from what it tracked, not from the database.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, TimeProvider time, StoreSelection? selection = null) : IUserAdministration
{
    /// <summary>The most users listed (a store has a handful).</summary>
    public const int MaxUsers = 500;

    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await ListAsync(scope, cancellationToken);
    }

    public async Task<UserAdminResult> CreateAsync(NewUserRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var userName = request.UserName?.Trim();
        var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? null : request.DisplayName.Trim();
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(userName)) Add(errors, "userName", "Ingrese el nombre de usuario.");
        if (displayName is { Length: > 100 }) Add(errors, "displayName", "El nombre para mostrar admite hasta 100 caracteres.");
        if (string.IsNullOrEmpty(request.Password)) Add(errors, "password", "Ingrese la contraseña.");
        if (request.Role is null || !Roles.People.Contains(request.Role, StringComparer.Ordinal))
            Add(errors, "role", "Elija un rol: " + string.Join(", ", Roles.People) + ".");
        if (errors.Count > 0) return Invalid(errors);

        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        if (!await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().RoleExistsAsync(request.Role!))
            return UserAdminResult.Refused($"El rol {request.Role} todavía no existe: la consola lo crea al iniciar; reiníciela.");
        var user = new ConsoleUser { UserName = userName, DisplayName = displayName, LockoutEnabled = true };
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded) return FromIdentity(created, users.Options);
        var added = await users.AddToRoleAsync(user, request.Role!);
        if (!added.Succeeded)
        {
            // A user without the role asked for would be a surprise: undo.
            await users.DeleteAsync(user);
            return FromIdentity(added, users.Options);
        }
        return UserAdminResult.Success;
    }

    public async Task<UserAdminResult> SetRolesAsync(string userId, IReadOnlyCollection<string> roles, string actingUserName)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var wanted = roles.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0) return UserAdminResult.Invalid("roles", "Elija al menos un rol (para quitarle el acceso, bloquee la cuenta).");
        if (wanted.FirstOrDefault(r => !Roles.People.Contains(r, StringComparer.Ordinal)) is { } unknown)
            return UserAdminResult.Invalid("roles", $"El rol {unknown} no es de personas: elija entre {string.Join(", ", Roles.People)}.");

        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var all = await ListAsync(scope, CancellationToken.None);
        if (all.FirstOrDefault(u => u.Id == userId) is not { } target) return NotFound();
        if (target.IsAdmin && !wanted.Contains(Roles.Admin, StringComparer.Ordinal)
            && CheckAdminsRemain(all, target.Id, actingUserName, AdminChange.RemoveAdminRole) is { } refusal)
            return UserAdminResult.Refused(refusal);

        if (await users.FindByIdAsync(userId) is not { } user) return NotFound();
        var current = await users.GetRolesAsync(user);
        var toAdd = wanted.Where(r => !current.Contains(r, StringComparer.Ordinal)).ToList();
        var toRemove = current.Where(r => Roles.People.Contains(r, StringComparer.Ordinal) && !wanted.Contains(r, StringComparer.Ordinal)).ToList();
        if (toAdd.Count > 0 && await users.AddToRolesAsync(user, toAdd) is { Succeeded: false } added) return FromIdentity(added, users.Options);
        if (toRemove.Count > 0 && await users.RemoveFromRolesAsync(user, toRemove) is { Succeeded: false } removed) return FromIdentity(removed, users.Options);
        // Roles travel in the sign-in cookie: a new stamp makes the user sign in again and carry the new ones.
        if (toAdd.Count + toRemove.Count > 0) await users.UpdateSecurityStampAsync(user);
        return UserAdminResult.Success;
    }

    public async Task<UserAdminResult> SetStoresAsync(string userId, IReadOnlyCollection<string> stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        var known = selection?.Known ?? [];
        if (CheckStores(stores, known) is { } problem) return UserAdminResult.Invalid("stores", problem);
        var wanted = stores.Distinct(StringComparer.Ordinal).ToList();

        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        if (await users.FindByIdAsync(userId) is not { } user) return NotFound();
        var current = (await users.GetClaimsAsync(user)).Where(c => c.Type == TokenIssuer.StoreClaim).ToList();
        var toRemove = current.Where(c => !wanted.Contains(c.Value, StringComparer.Ordinal)).ToList();
        var toAdd = wanted.Where(w => !current.Any(c => c.Value == w)).Select(w => new System.Security.Claims.Claim(TokenIssuer.StoreClaim, w)).ToList();
        if (toRemove.Count > 0 && await users.RemoveClaimsAsync(user, toRemove) is { Succeeded: false } removed) return FromIdentity(removed, users.Options);
        if (toAdd.Count > 0 && await users.AddClaimsAsync(user, toAdd) is { Succeeded: false } added) return FromIdentity(added, users.Options);
        // The stores travel in the sign-in cookie, like the roles: a new stamp makes the user sign in again with the new ones.
        if (toAdd.Count + toRemove.Count > 0) await users.UpdateSecurityStampAsync(user);
        return UserAdminResult.Success;
    }

    /// <summary>Null when every store is one the console knows (and there are not more than it knows); otherwise why not.</summary>
    public static string? CheckStores(IReadOnlyCollection<string> stores, IReadOnlyList<StoreChoice> known)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(known);
        if (stores.FirstOrDefault(s => !known.Any(k => k.Id == s)) is { } unknown)
            return $"La sucursal '{(unknown.Length > 40 ? unknown[..40] + "…" : unknown)}' no es de esta consola: elija entre {string.Join(", ", known.Select(k => k.Name))}.";
        return null;
    }

    public async Task<UserAdminResult> ResetPasswordAsync(string userId, string? newPassword)
    {
        if (string.IsNullOrEmpty(newPassword)) return UserAdminResult.Invalid("password", "Ingrese la nueva contraseña.");
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        if (await users.FindByIdAsync(userId) is not { } user) return NotFound();
        // The reset token checks the password against the rules before anything changes, and renews the security stamp.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, newPassword);
        if (!reset.Succeeded) return FromIdentity(reset, users.Options);
        await users.ResetAccessFailedCountAsync(user);
        return UserAdminResult.Success;
    }

    public async Task<UserAdminResult> LockOutAsync(string userId, string actingUserName)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var all = await ListAsync(scope, CancellationToken.None);
        if (all.FirstOrDefault(u => u.Id == userId) is not { } target) return NotFound();
        if (CheckAdminsRemain(all, target.Id, actingUserName, AdminChange.LockOut) is { } refusal) return UserAdminResult.Refused(refusal);

        if (await users.FindByIdAsync(userId) is not { } user) return NotFound();
        if (!await users.GetLockoutEnabledAsync(user) && await users.SetLockoutEnabledAsync(user, true) is { Succeeded: false } enabled)
            return FromIdentity(enabled, users.Options);
        var locked = await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        if (!locked.Succeeded) return FromIdentity(locked, users.Options);
        // Ends the user's sessions at their next check instead of letting them run until the cookie expires.
        await users.UpdateSecurityStampAsync(user);
        return UserAdminResult.Success;
    }

    public async Task<UserAdminResult> UnlockAsync(string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        if (await users.FindByIdAsync(userId) is not { } user) return NotFound();
        var unlocked = await users.SetLockoutEndDateAsync(user, null);
        if (!unlocked.Succeeded) return FromIdentity(unlocked, users.Options);
        await users.ResetAccessFailedCountAsync(user);
        return UserAdminResult.Success;
    }

    /// <summary>
    /// Null when the change leaves at least one active (not locked-out) administrator and nobody locks themselves out;
    /// otherwise why not, in words.
    /// </summary>
    public static string? CheckAdminsRemain(IEnumerable<UserSummary> users, string targetId, string actingUserName, AdminChange change)
    {
        ArgumentNullException.ThrowIfNull(users);
        var all = users.ToList();
        var target = all.FirstOrDefault(u => u.Id == targetId);
        if (target is null) return "El usuario no existe (quizás otra persona lo borró).";
        var self = string.Equals(target.UserName, actingUserName, StringComparison.OrdinalIgnoreCase);
        if (change == AdminChange.LockOut && self)
            return "No puede bloquear su propia cuenta: quedaría fuera de la consola. Si hace falta, que lo haga otro administrador.";
        if (!target.IsAdmin || target.LockedOut) return null;
        if (all.Any(u => u.Id != target.Id && u.IsAdmin && !u.LockedOut)) return null;
        return (change, self) switch
        {
            (AdminChange.RemoveAdminRole, true) => "Usted es el último administrador activo: no puede quitarse el rol admin. Primero dé el rol admin a otra persona.",
            (AdminChange.RemoveAdminRole, false) => $"{target.UserName} es el último administrador activo: no se le puede quitar el rol admin. Primero dé el rol admin a otra persona.",
            _ => $"{target.UserName} es el último administrador activo: bloquearlo dejaría la consola sin administración.",
        };
    }

    /// <summary>Identity's refusals in Spanish, each under the field it is about; the rest as the problem.</summary>
    public static UserAdminResult FromIdentity(IdentityResult result, IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var general = new List<string>();
        foreach (var error in result.Errors)
        {
            var message = Spanish(error, options);
            if (FieldOf(error.Code) is { } field) Add(errors, field, message);
            else general.Add(message);
        }
        if (errors.Count == 0 && general.Count == 0) general.Add("Identity rechazó el cambio sin decir por qué.");
        return new UserAdminResult(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal), general.Count > 0 ? string.Join(" ", general) : null);
    }

    /// <summary>The form field an Identity error code is about, or null when it is about the whole change.</summary>
    public static string? FieldOf(string? code) => code switch
    {
        null => null,
        "DuplicateUserName" or "InvalidUserName" or "UserNameTooLong" => "userName",
        _ when code is not null && code.StartsWith("Password", StringComparison.Ordinal) => "password",
        "InvalidRoleName" or "DuplicateRoleName" or "UserAlreadyInRole" or "UserNotInRole" => "roles",
        _ => null,
    };

    private static string Spanish(IdentityError error, IdentityOptions options) => error.Code switch
    {
        "DuplicateUserName" => "Ya existe un usuario con ese nombre.",
        "InvalidUserName" => "El nombre de usuario admite solo letras sin acentos, números y los signos - . _ @ +, sin espacios.",
        "PasswordTooShort" => $"La contraseña debe tener al menos {options.Password.RequiredLength} caracteres.",
        "PasswordRequiresUniqueChars" => $"La contraseña debe tener al menos {options.Password.RequiredUniqueChars} caracteres distintos.",
        "PasswordRequiresNonAlphanumeric" => "La contraseña debe incluir al menos un signo (ni letra ni número).",
        "PasswordRequiresDigit" => "La contraseña debe incluir al menos un número.",
        "PasswordRequiresLower" => "La contraseña debe incluir al menos una minúscula.",
        "PasswordRequiresUpper" => "La contraseña debe incluir al menos una mayúscula.",
        "PasswordMismatch" => "La contraseña no coincide.",
        "InvalidToken" => "No se pudo validar el cambio de contraseña; vuelva a intentarlo.",
        "ConcurrencyFailure" => "Otra persona cambió este usuario al mismo tiempo: recargue la lista y vuelva a intentarlo.",
        "UserAlreadyInRole" => "El usuario ya tiene ese rol.",
        "UserNotInRole" => "El usuario no tiene ese rol.",
        "InvalidRoleName" => "Ese rol no existe.",
        "UserLockoutNotEnabled" => "La cuenta no admite bloqueo.",
        _ => error.Description,
    };

    private static UserManager<ConsoleUser> Users(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();

    private async Task<List<UserSummary>> ListAsync(AsyncServiceScope scope, CancellationToken cancellationToken)
    {
        var users = Users(scope);
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).Take(MaxUsers).ToListAsync(cancellationToken);
        // One query per role rather than one per user.
        var rolesOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var role in Roles.All)
        {
            foreach (var member in await users.GetUsersInRoleAsync(role))
            {
                if (!rolesOf.TryGetValue(member.Id, out var list)) rolesOf[member.Id] = list = [];
                list.Add(role);
            }
        }
        // Every account's stores in one query.
        var storeClaims = await scope.ServiceProvider.GetRequiredService<ConsoleDbContext>().UserClaims.AsNoTracking()
            .Where(c => c.ClaimType == TokenIssuer.StoreClaim).Select(c => new { c.UserId, c.ClaimValue }).ToListAsync(cancellationToken);
        var storesOf = storeClaims.Where(c => c.ClaimValue != null).GroupBy(c => c.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.ClaimValue!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var now = time.GetUtcNow();
        return all.Select(u => new UserSummary(u.Id, u.UserName ?? "", u.DisplayName, rolesOf.TryGetValue(u.Id, out var r) ? r : [],
            u.LockoutEnd is { } end && end > now ? end : null, u.AccessFailedCount) { Stores = storesOf.TryGetValue(u.Id, out var st) ? st : [] }).ToList();
    }

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
    }

    private static UserAdminResult Invalid(Dictionary<string, List<string>> errors) =>
        new(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal), null);

    private static UserAdminResult NotFound() => UserAdminResult.Refused("El usuario no existe (quizás otra persona lo borró). Recargue la lista.");
}
