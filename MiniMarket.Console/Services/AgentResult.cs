using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>A refusal from an agent, read from its ProblemDetails: what the screens show, field by field.</summary>
public sealed record AgentProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>The agent could not be reached (down, timing out): the screen says so, the rest of the console works.</summary>
    public bool Unavailable => Status is 0 or 502 or 503 or 504;

    public string Message => Errors.Count > 0 ? string.Join(" ", Errors.SelectMany(e => e.Value)) : Detail ?? Title;
}

/// <summary>An agent's answer: a value or a problem, never an exception for a refusal or an agent that is down.</summary>
public sealed record AgentResult<T>
{
    public T? Value { get; private init; }
    public AgentProblem? Problem { get; private init; }
    public bool Ok => Problem is null;

    /// <summary>The agent answered with the first result of an earlier request with the same idempotency key.</summary>
    public bool Replayed { get; private init; }

    public static AgentResult<T> Success(T value, bool replayed = false) => new() { Value = value, Replayed = replayed };
    public static AgentResult<T> Failure(AgentProblem problem) => new() { Problem = problem };

    /// <summary>The value, or an exception with the agent's message (for batch jobs such as the demo seed).</summary>
    public T Require(string what) => Ok ? Value! : throw new InvalidOperationException($"{what}: {Problem!.Status} {Problem.Message}");
}

internal static class AgentCalls
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<AgentResult<T>> SendAsync<T>(HttpClient client, HttpRequestMessage request, string agent, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && CallFailures.IsUnavailable(ex))
        {
            return AgentResult<T>.Failure(new AgentProblem(0, $"El agente {agent} no responde.", ex.Message, new Dictionary<string, string[]>()));
        }
        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
                return AgentResult<T>.Success(value!, response.Headers.TryGetValues("Idempotent-Replayed", out _));
            }
            return AgentResult<T>.Failure(await ReadProblemAsync(response, agent, cancellationToken));
        }
    }

    private static async Task<AgentProblem> ReadProblemAsync(HttpResponseMessage response, string agent, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (ProblemBody.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) is { } problem)
            return new AgentProblem(status, problem.Title ?? response.ReasonPhrase ?? "", problem.Detail, problem.Errors);
        return new AgentProblem(status, $"El agente {agent} respondió HTTP {status}.",
            status == (int)HttpStatusCode.ServiceUnavailable ? "Servicio no disponible." : null, new Dictionary<string, string[]>());
    }
}
