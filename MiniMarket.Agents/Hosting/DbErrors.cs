using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MiniMarket.Agents.Hosting;

/// <summary>Unique-index races turned into answers, LIKE escaping, and the ProblemDetails every agent's APIs share.</summary>
public static class DbErrors
{
    /// <summary>Saves; false when a unique index refused it (a concurrent request won the race), and nothing is written.</summary>
    public static async Task<bool> TrySaveUniqueAsync(DbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Escapes LIKE's wildcards so that user text matches literally (backslash is PostgreSQL's default escape).</summary>
    public static string EscapeLike(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal)
        .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = title, Detail = detail });

    /// <summary>A 409 whose <c>errors</c> name the field, like a validation problem.</summary>
    public static ProblemHttpResult Conflict(string field, string detail) => MiniMarket.ServiceDefaults.FieldProblem.Of(StatusCodes.Status409Conflict, "Ya existe.", field, detail);
}
