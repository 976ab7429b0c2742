using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MiniMarket.ServiceDefaults;

/// <summary>A signed token and when it stops being valid.</summary>
public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Mints the JWTs that travel between services: short-lived ones carrying a signed-in person's roles (the console
/// calling an agent), service ones (an agent calling another) and longer ones an admin takes for scripts.
/// </summary>
/// <remarks>
/// Every token names the store(s) it is for (claim <c>store</c>): by default the issuing service's own (Store:Id); an
/// agent refuses a token that does not name its store (403), so a token minted for one store of a chain opens no other.
/// </remarks>
public sealed class TokenIssuer(IOptions<JwtOptions> options, TimeProvider time, IOptions<StoreOptions>? store = null)
{
    public const string RoleClaim = "role";
    public const string NameClaim = "name";
    public const string StoreClaim = "store";

    private readonly JsonWebTokenHandler _handler = new();

    public static TokenValidationParameters ValidationParameters(JwtOptions jwt) => new()
    {
        ValidIssuer = jwt.Issuer,
        ValidAudience = jwt.Audience,
        IssuerSigningKey = SigningKey(jwt),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RoleClaimType = RoleClaim,
        NameClaimType = NameClaim,
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    /// <summary>A token for a person, valid for <see cref="JwtOptions.CallTokenLifetime"/>.</summary>
    public IssuedToken ForUser(string userName, IEnumerable<string> roles) =>
        Issue(userName, roles, options.Value.CallTokenLifetime, "user", OwnStores);

    /// <summary>A token for a person, for the agents of <paramref name="storeId"/> (a chain's console calling one store).</summary>
    public IssuedToken ForUser(string userName, IEnumerable<string> roles, string storeId)
    {
        if (!StoreOptions.IsValidId(storeId)) throw new ArgumentException($"'{storeId}' is not a store id.", nameof(storeId));
        return Issue(userName, roles, options.Value.CallTokenLifetime, "user", [storeId]);
    }

    /// <summary>A token an agent uses to call another agent: its name is the service, its role the agent's.</summary>
    public IssuedToken ForService(string agentRole)
    {
        if (agentRole is not (Roles.Deposito or Roles.Negocio or Roles.Ml))
            throw new ArgumentOutOfRangeException(nameof(agentRole), agentRole, "Only an agent role can get a service token.");
        return Issue("agent:" + agentRole, [agentRole], options.Value.CallTokenLifetime, "service", OwnStores);
    }

    /// <summary>A longer-lived token an admin obtains for scripts, with the admin's roles.</summary>
    public IssuedToken ForScript(string userName, IEnumerable<string> roles) =>
        Issue(userName, roles, options.Value.ScriptTokenLifetime, "script", OwnStores);

    /// <summary>The issuing service's store, when it has one configured.</summary>
    private string[] OwnStores => store?.Value.Id is { Length: > 0 } id ? [id] : [];

    private IssuedToken Issue(string subject, IEnumerable<string> roles, TimeSpan lifetime, string kind, string[] stores)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var jwt = options.Value;
        var now = time.GetUtcNow();
        var expires = now + lifetime;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = subject,
            [NameClaim] = subject,
            ["token_kind"] = kind,
            [RoleClaim] = roles.Where(Roles.IsKnown).Distinct(StringComparer.Ordinal).ToArray(),
            [StoreClaim] = stores,
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(SigningKey(jwt), SecurityAlgorithms.HmacSha256),
        };
        return new IssuedToken(_handler.CreateToken(descriptor), expires);
    }

    private static SymmetricSecurityKey SigningKey(JwtOptions jwt) =>
        new(Encoding.UTF8.GetBytes(jwt.SigningKey ?? throw new InvalidOperationException("Jwt:SigningKey is not configured.")));

    /// <summary>Whether a principal's token names <paramref name="storeId"/> among its stores.</summary>
    public static bool IsForStore(ClaimsPrincipal user, string storeId) =>
        user.FindAll(StoreClaim).Any(c => string.Equals(c.Value, storeId, StringComparison.Ordinal));

    /// <summary>The roles carried by a principal (as issued by this class).</summary>
    public static IReadOnlyList<string> RolesOf(ClaimsPrincipal user) =>
        user.FindAll(RoleClaim).Concat(user.FindAll(ClaimTypes.Role)).Select(c => c.Value).Where(Roles.IsKnown).Distinct(StringComparer.Ordinal).ToList();
}
