using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Components.Pages.Escalation;
using MiniMarket.Console.Components.Pages.Help;
using MiniMarket.Console.Hosting;
using MiniMarket.Console.Services;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;
using MudBlazor;

namespace MiniMarket.Console.Tests;

/// <summary>
/// Ayuda: the guides as the console shows them (the store manager's for everyone, the operations manual for the on-call
/// and admin), with their sections; Escalamiento: the matrix the on-call reads and an administrator keeps; an alert's
/// escalation contacts by its severity.
/// </summary>
public sealed class HelpPagesTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = ConsoleBunit.Create();
    private readonly FakeEscalationDirectory _escalation = new();
    private BunitAuthorizationContext? _auth;

    public HelpPagesTests()
    {
        _bunit.Services.AddSingleton(new HelpLibrary(Path.Combine(RepositoryPaths.Root, "docs", "guias")));
        _bunit.Services.AddSingleton<IEscalationDirectory>(_escalation);
        _bunit.Services.AddSingleton<TimeProvider>(TimeProvider.System);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private IRenderedComponent<MudDialogProvider> SignInAs(string role)
    {
        _auth = _bunit.SignIn(role);
        _auth.SetPolicies(role is Roles.Admin ? [Policies.Admin, Policies.OnCall] : role is Roles.Guardia ? [Policies.OnCall] : []);
        return _bunit.RenderProviders();
    }

    [Fact]
    public void Encargado_ReadsTheStoreManagersGuide_WithItsSections_NotTheOperationsManual()
    {
        SignInAs(Roles.Encargado);
        var index = _bunit.Open<Help>("ayuda");
        index.WaitForAssertion(() => Assert.Contains("Guía del encargado", index.Find("[data-testid=help-guides]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("Manual de operaciones", index.Find("[data-testid=help-guides]").TextContent, StringComparison.Ordinal);

        var guide = _bunit.Open<Help>("ayuda/encargado", p => p.Add(h => h.Guide, "encargado"));
        guide.WaitForAssertion(() => Assert.Equal("encargado", guide.Find("[data-testid=help-guide]").GetAttribute("data-guide")));
        Assert.NotNull(guide.Find("[data-testid=help-guide] h2#facturas"));
        Assert.Contains(guide.FindAll("[data-testid=help-sections] a"), a => a.GetAttribute("href") == "/ayuda/encargado#facturas");

        var refused = _bunit.Open<Help>("ayuda/operaciones", p => p.Add(h => h.Guide, "operaciones"));
        refused.WaitForAssertion(() => Assert.NotNull(refused.Find("[data-testid=help-missing]")));
        Assert.Empty(refused.FindAll("[data-testid=help-guide]"));
    }

    [Fact]
    public void Guardia_ReadsTheOperationsManual()
    {
        SignInAs(Roles.Guardia);
        var page = _bunit.Open<Help>("ayuda/operaciones", p => p.Add(h => h.Guide, "operaciones"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=help-guide] h2#calendario")));
    }

    [Fact]
    public async Task Admin_AddsAContact_AWrongOneIsRefusedFieldByField()
    {
        var dialogs = SignInAs(Roles.Admin);
        var page = _bunit.Open<Escalation>("escalamiento");
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=escalation-empty]")));

        page.Find("[data-testid=new-contact]").Click();
        dialogs.WaitForElement("[data-testid=contact-form]");
        async Task Type(string field, string value)
        {
            var input = dialogs.FindComponents<MudTextField<string>>().First(f => Equals(f.Instance.UserAttributes.GetValueOrDefault("data-field"), field));
            await dialogs.InvokeAsync(() => input.Instance.ValueChanged.InvokeAsync(value));
        }
        await Type("name", "Ana Pérez");
        await Type("role", "ingeniera responsable");
        await Type("phone", "llamala");
        dialogs.Find("[data-testid=save-contact]").Click();
        string FieldText(string field)
        {
            var element = dialogs.Find($"[data-field={field}]");
            while (element is not null && !element.ClassList.Contains("mud-input-control")) element = element.ParentElement;
            return element?.TextContent ?? "";
        }
        dialogs.WaitForAssertion(() => Assert.Contains("El teléfono admite", FieldText("phone"), StringComparison.Ordinal));
        Assert.Empty(_escalation.Steps);

        await Type("phone", "+54 11 5555-0101");
        dialogs.Find("[data-testid=save-contact]").Click();
        page.WaitForAssertion(() => Assert.Contains("Ana Pérez", page.Find("[data-testid=step-name]").TextContent, StringComparison.Ordinal));
        var step = Assert.Single(_escalation.Steps);
        Assert.Equal(("critical", 1, 10, "admin"), (step.Severity, step.Level, step.AfterMinutes, step.UpdatedBy));
    }

    [Fact]
    public void Guardia_ReadsTheMatrix_ButCannotChangeIt()
    {
        _escalation.Steps.Add(new EscalationStep(1, "high", 1, 30, "Bruno", "responsable de ml", null, "@bruno", "lun a vie 9 a 18", "admin", DateTimeOffset.UnixEpoch));
        SignInAs(Roles.Guardia);
        var page = _bunit.Open<Escalation>("escalamiento");
        page.WaitForAssertion(() => Assert.Contains("Bruno", page.Find("[data-testid=step-name]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=new-contact]"));
        Assert.Empty(page.FindAll("[data-testid=edit-contact]"));
    }

    [Fact]
    public void AnAlertsContacts_AreThoseOfItsSeverity()
    {
        _escalation.Steps.Add(new EscalationStep(1, "critical", 1, 10, "Ana", "ingeniera", "+54 11 5555-0101", null, "24x7", "admin", DateTimeOffset.UnixEpoch));
        _escalation.Steps.Add(new EscalationStep(2, "critical", 2, 30, "Carla", "jefa técnica", "+54 11 5555-0202", null, "24x7", "admin", DateTimeOffset.UnixEpoch));
        _escalation.Steps.Add(new EscalationStep(3, "medium", 1, 240, "Bruno", "responsable", null, "@bruno", null, "admin", DateTimeOffset.UnixEpoch));
        SignInAs(Roles.Guardia);
        var contacts = _bunit.Render<EscalationContacts>(p => p.Add(c => c.Severity, "critical"));
        contacts.WaitForAssertion(() => Assert.Equal(2, contacts.FindAll("[data-testid=escalation-step]").Count));
        Assert.DoesNotContain("Bruno", contacts.Markup, StringComparison.Ordinal);
        var none = _bunit.Render<EscalationContacts>(p => p.Add(c => c.Severity, "high"));
        none.WaitForAssertion(() => Assert.Contains("No hay contactos de escalamiento para high", none.Markup, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/", true, "/ayuda/encargado#inicio")]
    [InlineData("/inventario/7", true, "/ayuda/encargado#inventario")]
    [InlineData("/inventario/criticos", true, "/ayuda/encargado#stock-critico")]
    [InlineData("/facturas/0b7c9a1e-0000-4000-8000-000000000000", true, "/ayuda/encargado#facturas")]
    [InlineData("/alertas/abc", true, HelpLinks.OnCallGuide)]
    [InlineData("/salud", true, "/ayuda/operaciones#estado")]
    [InlineData("/salud", false, "/ayuda/encargado#inicio")]
    [InlineData("/logs", false, "/ayuda/encargado#inicio")]
    public void EachPage_OpensItsSection(string path, bool onCall, string expected) => Assert.Equal(expected, HelpLinks.For(path, onCall));

    [Theory]
    [InlineData("inicio.png", true)]
    [InlineData("no-existe.png", false)]
    [InlineData("../secrets.env", false)]
    [InlineData("INICIO.PNG", false)]
    [InlineData("a/b.png", false)]
    public void Pictures_OnlyPlainNamesOfFilesThatExist(string file, bool found) =>
        Assert.Equal(found, new HelpLibrary(Path.Combine(RepositoryPaths.Root, "docs", "guias")).PicturePath(file) is not null);
}
