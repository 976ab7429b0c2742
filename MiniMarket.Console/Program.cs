using MiniMarket.Console.Demo;
using MiniMarket.Console.Hosting;
using MiniMarket.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddMiniMarketDefaults(ConsoleHosting.Profile);
builder.AddConsole();

var app = builder.Build();
if (args.Contains(DemoSeeder.Command)) return await app.SeedDemoAsync();
if (args.Contains(DemoTraffic.Command)) return await app.RunDemoTrafficAsync();

app.UseMiniMarketDefaults();
app.MapMiniMarketDefaultEndpoints();
app.MapConsole();

return await app.RunMiniMarketAsync();
