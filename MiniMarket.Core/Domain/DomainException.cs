namespace MiniMarket.Core.Domain;

/// <summary>A business rule was broken. <see cref="Field"/> names the input at fault, for ProblemDetails.</summary>
public sealed class DomainException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
