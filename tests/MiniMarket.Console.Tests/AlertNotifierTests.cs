using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MudBlazor;
using MudBlazor.Services;

namespace MiniMarket.Console.Tests;

/// <summary>The opt-in notification and sound for new critical alerts.</summary>
public sealed class AlertNotifierTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = ConsoleBunit.Create();
    private readonly FakeAlertmanagerClient _alertmanager = new();

    public AlertNotifierTests()
    {
        _bunit.Services.AddSingleton<IAlertmanagerClient>(_alertmanager);
        _bunit.Services.AddSingleton(Options.Create(new ObservabilityOptions { PrometheusUrl = "http://p", RefreshInterval = TimeSpan.FromMinutes(10) }));
        _bunit.JSInterop.Mode = JSRuntimeMode.Strict;
        _bunit.JSInterop.SetupVoid(i => i.Identifier.StartsWith("mud", StringComparison.Ordinal)).SetVoidResult();
        _bunit.JSInterop.Setup<int>(i => i.Identifier.StartsWith("mud", StringComparison.Ordinal)).SetResult(0);
        _bunit.RenderProviders(interactive: false);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private void Firing(params AmAlert[] alerts) => _alertmanager.Alerts = SourceResult<IReadOnlyList<AmAlert>>.Success(alerts);

    [Fact]
    public async Task OptedIn_EachNewCriticalAlert_NotifiesOnce_WithALinkToIt()
    {
        _bunit.JSInterop.Setup<bool>("mmAlerts.enabled").SetResult(true);
        var notify = _bunit.JSInterop.SetupVoid("mmAlerts.notify", _ => true);
        notify.SetVoidResult();
        Firing(FakeAlertmanagerClient.Alert("ServiceDown", "critical", "ml", "old"));
        var bell = _bunit.Render<AlertNotifier>();
        bell.WaitForAssertion(() => Assert.Equal("true", bell.Find("[data-testid=notify-toggle]").GetAttribute("aria-pressed")));
        Assert.Empty(notify.Invocations); // what was already firing when the page opened is not news

        Firing(FakeAlertmanagerClient.Alert("ServiceDown", "critical", "ml", "old"),
            FakeAlertmanagerClient.Alert("ServiceDown", "critical", "deposito", "new"),
            FakeAlertmanagerClient.Alert("HighLatency", "high", "negocio", "high-one"),
            FakeAlertmanagerClient.Alert("DiskFull", "critical", "node", "muted", "suppressed", silencedBy: ["s1"]));
        await bell.InvokeAsync(() => bell.Instance.CheckAsync(CancellationToken.None));
        await bell.InvokeAsync(() => bell.Instance.CheckAsync(CancellationToken.None));

        var call = Assert.Single(notify.Invocations);
        Assert.Equal(["Alerta crítica: ServiceDown (deposito)", "deposito con ServiceDown", "alertas/new", "new"], call.Arguments.Select(a => a?.ToString()));
    }

    [Fact]
    public void OffByDefault_TurningItOnAsksThePermission_AndOffForgetsIt()
    {
        _bunit.JSInterop.Setup<bool>("mmAlerts.enabled").SetResult(false);
        var enable = _bunit.JSInterop.Setup<string>("mmAlerts.enable").SetResult("granted");
        var disable = _bunit.JSInterop.SetupVoid("mmAlerts.disable").SetVoidResult();
        var bell = _bunit.Render<AlertNotifier>();
        Assert.Equal("false", bell.Find("[data-testid=notify-toggle]").GetAttribute("aria-pressed"));

        bell.Find("[data-testid=notify-toggle]").Click();
        bell.WaitForAssertion(() => Assert.Single(enable.Invocations));
        Assert.Equal("true", bell.Find("[data-testid=notify-toggle]").GetAttribute("aria-pressed"));

        bell.Find("[data-testid=notify-toggle]").Click();
        bell.WaitForAssertion(() => Assert.Single(disable.Invocations));
        Assert.Equal("false", bell.Find("[data-testid=notify-toggle]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void Watch_AResolvedAlertThatFiresAgain_IsNewAgain()
    {
        var watch = new CriticalAlertWatch();
        var a = FakeAlertmanagerClient.Alert("ServiceDown", "critical", "ml", "a");
        Assert.Empty(watch.NewCritical([]));
        Assert.Single(watch.NewCritical([a]));
        Assert.Empty(watch.NewCritical([a]));
        Assert.Empty(watch.NewCritical([]));
        Assert.Single(watch.NewCritical([a]));
    }
}
