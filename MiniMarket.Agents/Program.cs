using MiniMarket.Agents.Hosting;
using MiniMarket.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
var role = builder.AddAgentRole();
builder.AddMiniMarketDefaults(new ServiceProfile(role.ServiceName()));
builder.AddAgents(role);

var app = builder.Build();
app.UseMiniMarketDefaults();
app.MapMiniMarketDefaultEndpoints();
app.MapAgents(role);

return await app.RunMiniMarketAsync();
