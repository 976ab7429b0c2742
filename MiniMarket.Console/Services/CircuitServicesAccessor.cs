using Microsoft.AspNetCore.Components.Server.Circuits;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>
/// The Blazor circuit's services for the code running on its behalf: HTTP handlers live in the HTTP client
/// factory's own scope and cannot see the circuit's signed-in user otherwise (the documented pattern).
/// </summary>
public sealed class CircuitServicesAccessor
{
    private static readonly AsyncLocal<IServiceProvider?> Current = new();

    public IServiceProvider? Services
    {
        get => Current.Value;
        set => Current.Value = value;
    }
}
