namespace MiniMarket.Console.Services;

/// <summary>
/// The JSON of Alertmanager's <c>/api/v2</c> (bare, no envelope), as records read and written by System.Text.Json
/// (<see cref="ObservabilityJson"/>). Only what the console uses; a property Alertmanager leaves out is null. Times stay
/// strings, parsed by the client.
/// </summary>
internal static class AlertmanagerWire
{
    public sealed record Alert(
        string? Fingerprint, Dictionary<string, string>? Labels, Dictionary<string, string>? Annotations,
        string? StartsAt, string? EndsAt, string? UpdatedAt, AlertStatus? Status, string? GeneratorUrl, IReadOnlyList<Receiver>? Receivers);

    public sealed record AlertStatus(string? State, IReadOnlyList<string>? SilencedBy, IReadOnlyList<string>? InhibitedBy);

    public sealed record Receiver(string? Name);

    public sealed record Silence(
        string? Id, IReadOnlyList<Matcher>? Matchers, string? StartsAt, string? EndsAt, string? CreatedBy, string? Comment, SilenceStatus? Status);

    public sealed record SilenceStatus(string? State);

    /// <summary>A matcher as read (isRegex and isEqual may be missing: false and true) and as written.</summary>
    public sealed record Matcher(string? Name, string? Value, bool? IsRegex, bool? IsEqual);

    /// <summary>The body of <c>POST /api/v2/silences</c>; times in UTC, ISO 8601.</summary>
    public sealed record NewSilence(IReadOnlyList<Matcher> Matchers, string StartsAt, string EndsAt, string CreatedBy, string Comment);

    /// <summary>The answer to <c>POST /api/v2/silences</c>: <c>{"silenceID": "…"}</c>.</summary>
    public sealed record SilenceCreated(string? SilenceId);
}
