using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MiniMarket.Console.Data;

namespace MiniMarket.Console.Services;

/// <summary>A step of the escalation matrix as the pages show it.</summary>
public sealed record EscalationStep(int Id, string Severity, int Level, int AfterMinutes, string Name, string Role, string? Phone, string? Slack, string? Hours,
    string UpdatedBy, DateTimeOffset UpdatedAt);

/// <summary>A step to add or change (Id null: a new one). Every field is checked; nothing is written when one is wrong.</summary>
public sealed record EscalationInput(int? Id, string? Severity, int? Level, int? AfterMinutes, string? Name, string? Role, string? Phone, string? Slack, string? Hours);

/// <summary>
/// The on-call's escalation matrix (whom to call, per severity and level, after how long, and how), kept in the console's
/// database so an administrator changes the contacts without a deploy: the guardia guide, the alert detail and the
/// Escalamiento page read it. Each operation in its own scope (a circuit lives for hours; a DbContext must not).
/// </summary>
public interface IEscalationDirectory
{
    Task<IReadOnlyList<EscalationStep>> ListAsync(CancellationToken cancellationToken = default);

    Task<UserAdminResult> SaveAsync(EscalationInput input, string actingUser);

    Task<UserAdminResult> DeleteAsync(int id);
}

/// <summary><see cref="IEscalationDirectory"/> on the console's database.</summary>
public sealed partial class EscalationDirectory(IServiceScopeFactory scopes, TimeProvider time) : IEscalationDirectory
{
    public static readonly IReadOnlyList<string> Severities = ["critical", "high", "medium"];

    /// <summary>The most steps kept (a handful per severity).</summary>
    public const int MaxSteps = 60;

    public async Task<IReadOnlyList<EscalationStep>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsoleDbContext>();
        var rows = await db.EscalationContacts.AsNoTracking().Take(MaxSteps).ToListAsync(cancellationToken);
        return rows.Select(Step)
            .OrderBy(s => Severities.ToList().IndexOf(s.Severity)).ThenBy(s => s.Level).ThenBy(s => s.AfterMinutes).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The steps for alerts of <paramref name="severity"/>, first level first.</summary>
    public async Task<IReadOnlyList<EscalationStep>> ForAsync(string? severity, CancellationToken cancellationToken = default) =>
        [.. (await ListAsync(cancellationToken)).Where(s => s.Severity == severity)];

    public async Task<UserAdminResult> SaveAsync(EscalationInput input, string actingUser)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = Check(input);
        if (errors.Count > 0) return new UserAdminResult(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal), null);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsoleDbContext>();
        EscalationContact? row;
        if (input.Id is { } id)
        {
            row = await db.EscalationContacts.FirstOrDefaultAsync(c => c.Id == id);
            if (row is null) return UserAdminResult.Refused("Ese contacto ya no existe (quizás otra persona lo borró). Recargue la página.");
        }
        else
        {
            if (await db.EscalationContacts.CountAsync() >= MaxSteps)
                return UserAdminResult.Refused($"La matriz admite hasta {MaxSteps} contactos: quite alguno antes de agregar otro.");
            row = new EscalationContact { Severity = "", Name = "", Role = "", UpdatedBy = "" };
            db.EscalationContacts.Add(row);
        }
        row.Severity = input.Severity!.Trim();
        row.Level = input.Level!.Value;
        row.AfterMinutes = input.AfterMinutes!.Value;
        row.Name = input.Name!.Trim();
        row.Role = input.Role!.Trim();
        row.Phone = Optional(input.Phone);
        row.Slack = Optional(input.Slack);
        row.Hours = Optional(input.Hours);
        row.UpdatedBy = actingUser.Length > 256 ? actingUser[..256] : actingUser;
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync();
        return UserAdminResult.Success;
    }

    public async Task<UserAdminResult> DeleteAsync(int id)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsoleDbContext>();
        var deleted = await db.EscalationContacts.Where(c => c.Id == id).ExecuteDeleteAsync();
        return deleted == 0 ? UserAdminResult.Refused("Ese contacto ya no existe (quizás otra persona lo borró). Recargue la página.") : UserAdminResult.Success;
    }

    /// <summary>Each wrong field with its message, in Spanish (empty: the input is valid).</summary>
    public static Dictionary<string, List<string>> Check(EscalationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);
        if (input.Severity is null || !Severities.Contains(input.Severity.Trim(), StringComparer.Ordinal))
            Add("severity", "Elija la severidad: critical, high o medium.");
        if (input.Level is not (1 or 2)) Add("level", "El nivel es 1 (primer escalamiento) o 2 (segundo).");
        if (input.AfterMinutes is not (>= 0 and <= 10_080)) Add("afterMinutes", "Indique a los cuántos minutos sin mitigar se escala (de 0 a 10080, una semana).");
        Text(input.Name, "name", "el nombre", 100, required: true, Add);
        Text(input.Role, "role", "el rol (por ejemplo: ingeniero responsable)", 100, required: true, Add);
        Text(input.Hours, "hours", "el horario", 60, required: false, Add);
        if (Optional(input.Phone) is { } phone && !Phone().IsMatch(phone)) Add("phone", "El teléfono admite números, espacios, + - ( ) y hasta 30 caracteres (por ejemplo +54 11 5555-0101).");
        if (Optional(input.Slack) is { } slack && !Slack().IsMatch(slack)) Add("slack", "El usuario de Slack empieza con @ y admite letras, números y . _ - (hasta 60).");
        if (Optional(input.Phone) is null && Optional(input.Slack) is null) Add("phone", "Indique al menos un teléfono o un usuario de Slack: a quien se escala hay que poder llamarlo.");
        return errors;
    }

    private static void Text(string? value, string field, string what, int max, bool required, Action<string, string> add)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required) add(field, $"Indique {what}.");
        }
        else if (text.Length > max || text.Any(char.IsControl))
        {
            add(field, $"{char.ToUpperInvariant(what[0])}{what[1..]} admite hasta {max} caracteres, sin caracteres de control.");
        }
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static EscalationStep Step(EscalationContact c) =>
        new(c.Id, c.Severity, c.Level, c.AfterMinutes, c.Name, c.Role, c.Phone, c.Slack, c.Hours, c.UpdatedBy, c.UpdatedAt);

    [GeneratedRegex(@"^\+?[0-9 ()-]{6,30}$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^@[A-Za-z0-9._-]{1,59}$")]
    private static partial Regex Slack();
}
