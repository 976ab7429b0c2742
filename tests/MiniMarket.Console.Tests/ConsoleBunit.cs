using System.Globalization;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace MiniMarket.Console.Tests;

/// <summary>
/// The one bUnit context of the console's page and control tests, set up as the console runs it: es-AR, MudBlazor with
/// snackbars that appear at once, the app's resources, loose JS interop (MudBlazor's calls answered with defaults).
/// A test class registers its fakes on <see cref="BunitContext.Services"/>, signs a person in if the page needs one, and
/// then renders the MudBlazor providers (<see cref="RenderProviders"/>): after that no service can be added.
/// </summary>
public static class ConsoleBunit
{
    public static BunitContext Create()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("es-AR");
        var bunit = new BunitContext();
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        bunit.Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        bunit.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        bunit.Services.AddScoped<MiniMarket.Console.Services.CircuitPresence>();
        // The escalation matrix (an alert's detail and the on-call's guide show it): empty unless a test fills it.
        bunit.Services.AddSingleton<MiniMarket.Console.Services.IEscalationDirectory>(new FakeEscalationDirectory());
        return bunit;
    }

    /// <summary>Signs in a person with one role (the name is the role, as the tests read it).</summary>
    public static BunitAuthorizationContext SignIn(this BunitContext bunit, string role)
    {
        var auth = bunit.AddAuthorization();
        auth.SetAuthorized(role);
        auth.SetRoles(role);
        return auth;
    }

    /// <summary>
    /// Renders MudBlazor's popover and dialog providers (menus, selects, dialogs) and returns the dialog provider; with
    /// <paramref name="interactive"/>, first says the renderer is live, as in the browser once the circuit is (pages say
    /// whether it is, e.g. to enable a form). After this, no service can be added.
    /// </summary>
    public static IRenderedComponent<MudDialogProvider> RenderProviders(this BunitContext bunit, bool interactive = true)
    {
        if (interactive) bunit.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        bunit.Render<MudPopoverProvider>();
        return bunit.Render<MudDialogProvider>();
    }

    /// <summary>Navigates to <paramref name="address"/> (query string included) and renders the page.</summary>
    public static IRenderedComponent<T> Open<T>(this BunitContext bunit, string address, Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : IComponent
    {
        bunit.Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return parameters is null ? bunit.Render<T>() : bunit.Render(parameters);
    }
}
