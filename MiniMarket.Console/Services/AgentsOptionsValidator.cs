using Microsoft.Extensions.Options;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

public sealed class AgentsOptionsValidator : IValidateOptions<AgentsOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentsOptions options)
    {
        var failures = new List<string>();
        foreach (var (agent, key) in new[] { (Roles.Deposito, "DepositoUrl"), (Roles.Negocio, "NegocioUrl"), (Roles.Ml, "MlUrl") })
        {
            ObservabilityOptionsValidator.CheckUrl(options.UrlOf(agent), "Agents:" + key, required: true, failures);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
