using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using MiniMarket.Testing;

namespace MiniMarket.Console.Tests;

/// <summary>Signs in through the console's own login form (antiforgery token included), as a browser does.</summary>
public static partial class ConsoleSignIn
{
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string user, string password, string returnUrl)
    {
        var form = await client.GetStringAsync("/cuenta/ingresar?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        return await client.PostAsync("/cuenta/ingresar?ReturnUrl=" + Uri.EscapeDataString(returnUrl), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>A client with the cookie of <paramref name="user"/> signed in (redirects not followed).</summary>
    public static async Task<HttpClient> ClientAsync(ConsoleFactory console, string user, string password)
    {
        var client = console.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await PostLoginAsync(client, user, password, "/");
        if (login.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"sign-in of {user} failed: {(int)login.StatusCode}");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
