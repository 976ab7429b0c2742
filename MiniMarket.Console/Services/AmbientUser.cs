using System.Security.Claims;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>
/// The person a background job (the demo seed, the demo traffic) acts as: there is no browser session there.
/// <c>using (AmbientUser.Act(principal)) { … }</c>; the calls made inside carry that person's token.
/// </summary>
public static class AmbientUser
{
    private static readonly AsyncLocal<ClaimsPrincipal?> Current = new();

    public static ClaimsPrincipal? Principal => Current.Value;

    public static IDisposable Act(ClaimsPrincipal principal)
    {
        var previous = Current.Value;
        Current.Value = principal;
        return new Restore(previous);
    }

    /// <summary>A principal as Identity's cookie would carry it: a name and roles.</summary>
    public static ClaimsPrincipal For(string userName, params string[] roles) => new(new ClaimsIdentity(
        roles.Select(r => new Claim(ClaimTypes.Role, r)).Prepend(new Claim(ClaimTypes.Name, userName)), "MiniMarket.Job"));

    private sealed class Restore(ClaimsPrincipal? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
