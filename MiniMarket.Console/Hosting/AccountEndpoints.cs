using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using MiniMarket.Console.Data;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Hosting;

/// <summary>Sign-out, and the token an admin obtains for scripts that call the agents.</summary>
public static class AccountEndpoints
{
    public sealed record TokenRequest(string? UserName, string? Password);
    public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt, IReadOnlyList<string> Roles);

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/cuenta/salir", SignOut).RequireAuthorization();
        endpoints.MapPost("/api/v1/token", IssueScriptToken).DisableAntiforgery().AllowAnonymous();
        return endpoints;
    }

    public static async Task<RedirectHttpResult> SignOut(SignInManager<ConsoleUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("~/cuenta/ingresar");
    }

    /// <summary>
    /// <c>POST /api/v1/token</c> with <c>{"userName","password"}</c>: an admin gets a JWT (Jwt:ScriptTokenLifetime)
    /// carrying the admin's roles, to call the agents from scripts. Failed attempts count towards lock-out.
    /// </summary>
    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> IssueScriptToken(
        [FromBody] TokenRequest? request, SignInGuard guard, UserManager<ConsoleUser> users, TokenIssuer tokens, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.UserName)) errors["userName"] = ["El usuario es obligatorio."];
        else if (request.UserName.Length > 256) errors["userName"] = ["El usuario admite hasta 256 caracteres."];
        if (string.IsNullOrEmpty(request?.Password)) errors["password"] = ["La contraseña es obligatoria."];
        else if (request.Password.Length > 1024) errors["password"] = ["La contraseña admite hasta 1024 caracteres."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Faltan datos para emitir el token.");

        var outcome = await guard.SignInAsync(request!.UserName!, request.Password!, http.Connection.RemoteIpAddress, cookie: false);
        if (outcome.RetryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem($"Demasiados intentos fallidos desde esta dirección. Reintente en {Math.Ceiling(wait.TotalMinutes):0} min.",
                statusCode: StatusCodes.Status429TooManyRequests, title: "Demasiados intentos.");
        }
        if (outcome.Result == SignInOutcome.LockedOut)
            return TypedResults.Problem("La cuenta está bloqueada por demasiados intentos fallidos. Reintente más tarde.", statusCode: StatusCodes.Status423Locked, title: "Cuenta bloqueada.");
        if (!outcome.Succeeded)
            return TypedResults.Problem("Usuario o contraseña incorrectos.", statusCode: StatusCodes.Status401Unauthorized, title: "No autenticado.");
        var user = outcome.User!;
        var roles = (await users.GetRolesAsync(user)).ToList();
        if (!roles.Contains(Roles.Admin))
            return TypedResults.Problem("Solo un administrador puede obtener un token para scripts.", statusCode: StatusCodes.Status403Forbidden, title: "Acceso denegado.");
        var token = tokens.ForScript(user.UserName!, roles);
        return TypedResults.Ok(new TokenResponse(token.Token, token.ExpiresAt, roles));
    }
}
