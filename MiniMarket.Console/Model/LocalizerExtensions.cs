using System.Globalization;
using Microsoft.Extensions.Localization;

namespace MiniMarket.Console.Model;

public static class LocalizerExtensions
{
    /// <summary>
    /// What a screen says for an agent's refusal: the agent's own message, or — when it does not answer — that this part
    /// is unavailable while the rest of the console works (<c>Agent.Down</c>).
    /// </summary>
    public static string Problem(this IStringLocalizer localizer, MiniMarket.Console.Services.AgentProblem problem, string agent) =>
        problem.Unavailable ? localizer.Format("Agent.Down", agent, problem.Message) : problem.Message;

    /// <summary>A text with placeholders, formatted with the es-AR culture (numbers with a decimal comma).</summary>
    public static string Format(this IStringLocalizer localizer, string key, params object?[] args) =>
        string.Format(EsAr, localizer[key].Value, args);

    /// <summary>An alert's state in words (keys written out, so a test can check each exists).</summary>
    public static string AlertState(this IStringLocalizer localizer, string state) => state switch
    {
        "disparada" => localizer["Alerts.State.disparada"],
        "silenciada" => localizer["Alerts.State.silenciada"],
        "inhibida" => localizer["Alerts.State.inhibida"],
        "pendiente" => localizer["Alerts.State.pendiente"],
        "sin_procesar" => localizer["Alerts.State.sin_procesar"],
        _ => state,
    };

    /// <summary>A rule's state in words: inactive, pending, firing, or unknown / not loaded.</summary>
    public static string RuleState(this IStringLocalizer localizer, string state) => state switch
    {
        "inactive" => localizer["Runbooks.State.inactive"],
        "pending" => localizer["Runbooks.State.pending"],
        "firing" => localizer["Runbooks.State.firing"],
        "missing" => localizer["Runbooks.State.missing"],
        _ => localizer["Runbooks.State.unknown"],
    };

    private static readonly CultureInfo EsAr = CultureInfo.GetCultureInfo("es-AR");
}
