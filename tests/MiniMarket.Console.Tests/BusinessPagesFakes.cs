using System.Reflection;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Tests;

/// <summary>
/// negocio answering <see cref="INegocioClient.GetPriceAsync"/> only (anything else throws), built as a proxy so that it
/// keeps compiling whatever else the interface grows.
/// </summary>
public class NegocioPricesProxy : DispatchProxy
{
    public Func<int, DateOnly?, AgentResult<PriceDto>> Answer { get; set; } = (_, _) => Answers.Down<PriceDto>("negocio");
    public List<(int ProductId, DateOnly? Date)> Asked { get; } = [];

    public static (INegocioClient Client, NegocioPricesProxy Fake) Create()
    {
        var client = DispatchProxy.Create<INegocioClient, NegocioPricesProxy>();
        return (client, (NegocioPricesProxy)(object)client);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod?.Name != nameof(INegocioClient.GetPriceAsync) || args is null)
            throw new NotSupportedException("Not faked: " + targetMethod?.Name);
        var productId = (int)args[0]!;
        var date = (DateOnly?)args[1];
        Asked.Add((productId, date));
        return Task.FromResult(Answer(productId, date));
    }
}

/// <summary>negocio's price history and markups, set by the test, recording the markups it was asked to change.</summary>
public sealed class PricesFake : IPricesClient
{
    public List<PurchasePriceDto> History { get; } = [];
    public List<CategoryMarkupDto> Markups { get; } = [new("Bebidas", 40.5m, false), new("Almacén", 35m, true)];
    public AgentResult<List<CategoryMarkupDto>>? MarkupsAnswer { get; set; }
    public Func<string, decimal?, AgentResult<CategoryMarkupDto>>? SetAnswer { get; set; }
    public List<(string Category, decimal? Percent)> Set { get; } = [];

    public Task<AgentResult<List<PurchasePriceDto>>> GetHistoryAsync(int productId, int? limit = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Answers.Ok(History.Where(p => p.ProductId == productId).OrderByDescending(p => p.Date).ToList()));

    public Task<AgentResult<List<CategoryMarkupDto>>> ListMarkupsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(MarkupsAnswer ?? Answers.Ok(Markups.ToList()));

    public Task<AgentResult<CategoryMarkupDto>> SetMarkupAsync(string category, decimal? markupPercent, CancellationToken cancellationToken = default)
    {
        Set.Add((category, markupPercent));
        return Task.FromResult(SetAnswer?.Invoke(category, markupPercent) ?? Answers.Ok(new CategoryMarkupDto(category, markupPercent ?? 0, false)));
    }
}

/// <summary>An ml agent for the models page: versions, retraining (the test decides when it ends), inflation, forecasts.</summary>
public sealed class ModelsMlFake : IMlClient
{
    public AgentResult<ModelsDto> Models { get; set; } = Answers.Ok(new ModelsDto([], null, null));
    public Func<Task<AgentResult<TrainingReportDto>>>? Retrain { get; set; }
    public AgentResult<InflationDto>? Inflation { get; set; }
    public AgentResult<DemandForecastDto>? Forecast { get; set; }
    public AgentResult<PriceForecastDto>? PriceForecast { get; set; }
    public int Retrains { get; private set; }
    public int ModelLists { get; private set; }
    public (int ProductId, int Horizon)? ForecastAsked { get; private set; }
    public int Forecasts { get; private set; }
    public DateOnly? PriceForecastDate { get; private set; }

    public Task<AgentResult<TrainingReportDto>> RetrainAsync(CancellationToken cancellationToken = default)
    {
        Retrains++;
        return Retrain?.Invoke() ?? Task.FromResult(Answers.Down<TrainingReportDto>("ml"));
    }

    public Task<AgentResult<ModelsDto>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        ModelLists++;
        return Task.FromResult(Models);
    }

    public Task<AgentResult<InflationDto>> GetInflationAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Inflation ?? Answers.Ok(new InflationDto(null, 3.5m, 0, new DateOnly(2026, 6, 1), new DateOnly(2026, 12, 1), [], "Jevons")));

    public Task<AgentResult<DemandForecastDto>> GetDemandForecastAsync(int productId, int horizonDays, CancellationToken cancellationToken = default)
    {
        ForecastAsked = (productId, horizonDays);
        Forecasts++;
        return Task.FromResult(Forecast ?? Answers.Down<DemandForecastDto>("ml"));
    }

    public Task<AgentResult<PriceForecastDto>> GetPriceForecastAsync(int productId, DateOnly? date = null, CancellationToken cancellationToken = default)
    {
        PriceForecastDate = date;
        return Task.FromResult(PriceForecast ?? Answers.Down<PriceForecastDto>("ml"));
    }
}

/// <summary>The console's users in memory, with the real last-admin guard; records what it was asked to do.</summary>
public sealed class UsersFake : IUserAdministration
{
    public List<UserSummary> People { get; } = [];
    public Func<NewUserRequest, UserAdminResult>? CreateAnswer { get; set; }
    public List<NewUserRequest> Created { get; } = [];
    public List<(string UserId, IReadOnlyCollection<string> Roles)> RoleChanges { get; } = [];
    public List<(string UserId, string ActingUser)> LockOuts { get; } = [];
    public List<(string UserId, string? Password)> Passwords { get; } = [];

    public Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<UserSummary>>(People.ToList());

    public Task<UserAdminResult> CreateAsync(NewUserRequest request)
    {
        Created.Add(request);
        var result = CreateAnswer?.Invoke(request) ?? UserAdminResult.Success;
        if (result.Succeeded) People.Add(new UserSummary("n" + People.Count, request.UserName!, request.DisplayName, [request.Role!], null, 0));
        return Task.FromResult(result);
    }

    public Task<UserAdminResult> SetRolesAsync(string userId, IReadOnlyCollection<string> roles, string actingUserName)
    {
        var index = People.FindIndex(u => u.Id == userId);
        var target = People[index];
        if (target.IsAdmin && !roles.Contains(Roles.Admin)
            && UserAdministration.CheckAdminsRemain(People, userId, actingUserName, AdminChange.RemoveAdminRole) is { } refusal)
            return Task.FromResult(UserAdminResult.Refused(refusal));
        RoleChanges.Add((userId, roles));
        People[index] = target with { RoleNames = roles.ToList() };
        return Task.FromResult(UserAdminResult.Success);
    }

    public List<(string UserId, IReadOnlyCollection<string> Stores)> StoreChanges { get; } = [];

    public Task<UserAdminResult> SetStoresAsync(string userId, IReadOnlyCollection<string> stores)
    {
        var index = People.FindIndex(u => u.Id == userId);
        StoreChanges.Add((userId, stores));
        People[index] = People[index] with { Stores = stores.ToList() };
        return Task.FromResult(UserAdminResult.Success);
    }

    public Task<UserAdminResult> ResetPasswordAsync(string userId, string? newPassword)
    {
        Passwords.Add((userId, newPassword));
        return Task.FromResult(UserAdminResult.Success);
    }

    public Task<UserAdminResult> LockOutAsync(string userId, string actingUserName)
    {
        if (UserAdministration.CheckAdminsRemain(People, userId, actingUserName, AdminChange.LockOut) is { } refusal)
            return Task.FromResult(UserAdminResult.Refused(refusal));
        LockOuts.Add((userId, actingUserName));
        var index = People.FindIndex(u => u.Id == userId);
        People[index] = People[index] with { LockedOutUntil = DateTimeOffset.MaxValue };
        return Task.FromResult(UserAdminResult.Success);
    }

    public Task<UserAdminResult> UnlockAsync(string userId)
    {
        var index = People.FindIndex(u => u.Id == userId);
        People[index] = People[index] with { LockedOutUntil = null };
        return Task.FromResult(UserAdminResult.Success);
    }
}
