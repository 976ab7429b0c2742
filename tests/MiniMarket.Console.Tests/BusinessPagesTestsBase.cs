using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Console.Services;
using MiniMarket.ServiceDefaults;
using MudBlazor;

namespace MiniMarket.Console.Tests;

/// <summary>
/// What the tests of Precios e inflación, Pronósticos y modelos and Usuarios share: the console's bUnit context with
/// hand-written fakes of the agents and of the user administration, an encargado signed in, and 01/12/2026 as today.
/// </summary>
public abstract class BusinessPagesTestsBase : IAsyncLifetime
{
    protected FakePrometheusClient PrometheusFake { get; } = new();
    /// <summary>01/12/2026 12:00 in Buenos Aires.</summary>
    protected static readonly DateTimeOffset Now = new(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);

    protected BunitContext Context { get; } = ConsoleBunit.Create();
    protected FakeDepositoClient DepositoFake { get; } = new();
    protected NegocioPricesProxy NegocioFake { get; }
    protected PricesFake PricesFake { get; } = new();
    protected ModelsMlFake MlFake { get; } = new();
    protected UsersFake UsersFake { get; } = new();
    /// <summary>The chain this console knows (none by default: a store alone); a test adds stores before it opens a page.</summary>
    protected ChainOptions Chain { get; } = new();
    protected BunitAuthorizationContext Auth { get; }
    protected IRenderedComponent<MudDialogProvider> Dialogs { get; }

    protected BusinessPagesTestsBase()
    {
        var (negocio, fake) = NegocioPricesProxy.Create();
        NegocioFake = fake;
        Context.Services.AddSingleton(negocio);
        Context.Services.AddSingleton<IDepositoClient>(DepositoFake);
        Context.Services.AddSingleton<IPricesClient>(PricesFake);
        Context.Services.AddSingleton<IMlClient>(MlFake);
        Context.Services.AddSingleton<IPrometheusClient>(PrometheusFake);
        Context.Services.AddSingleton<IUserAdministration>(UsersFake);
        Context.Services.AddSingleton<TimeProvider>(new FixedNow(Now));
        Context.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new StoreOptions { Id = "casa-central", Name = "Casa Central" }));
        Context.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(Chain));
        Context.Services.AddScoped<StoreSelection>();
        Auth = Context.SignIn("encargado");
        Dialogs = Context.RenderProviders();
        DepositoFake.Products.Add(Answers.Product(7, "Y1", "Yerba"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Context.DisposeAsync();

    protected void SignInAs(string role)
    {
        Auth.SetAuthorized(role);
        Auth.SetRoles(role);
    }

    /// <summary>Whether a MudBlazor component was given an HTML attribute with that value (e.g. its data-testid).</summary>
    protected static bool HasAttribute(MudComponentBase component, string name, string value) =>
        component.UserAttributes.TryGetValue(name, out var actual) && Equals(actual, value);
}
