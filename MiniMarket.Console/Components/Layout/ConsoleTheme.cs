using MudBlazor;

namespace MiniMarket.Console.Components.Layout;

/// <summary>The console's one theme; system fonts only (no font downloads: the console must work offline).</summary>
public static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            AppbarBackground = "#0d47a1",
            // Darker than MudBlazor's defaults so text in these colours (and white on them) reads at WCAG AA 4.5:1;
            // the axe check of the browser tests holds every page to it.
            Error = "#c62828",
            Warning = "#a84d00",
            Success = "#2e7d32",
            Info = "#01579b",
            TextDisabled = "rgba(0,0,0,0.6)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
    };
}
