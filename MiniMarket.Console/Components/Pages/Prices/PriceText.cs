using Microsoft.Extensions.Localization;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Components.Pages.Prices;

/// <summary>How the prices page and its panels write a percentage and an agent's refusal.</summary>
internal static class PriceText
{
    public static string Pct(decimal percent) => percent.ToString("0.##", ArsFormat.EsAr) + " %";

    public static string Pct(double percent) => percent.ToString("0.##", ArsFormat.EsAr) + " %";

    /// <summary>negocio lets encargado and admin read prices; anyone else gets its 403 (which has no body) in words.</summary>
    public static string Describe(IStringLocalizer<Strings> l, AgentProblem problem, string agent) =>
        problem.Unavailable ? l.Format("Agent.Down", agent, problem.Message)
        : problem.Status == 403 ? l.Format("Prices.ReadForbidden", agent, problem.Message)
        : problem.Message;
}
