using MiniMarket.Console.Demo;
using MiniMarket.Console.Hosting;
using MiniMarket.Console.Smoke;
using MiniMarket.ServiceDefaults;

// After a deploy: `dotnet MiniMarket.Console.dll smoke` (no web host, no database: it only calls the services).
if (args is [SmokeTest.Command, .. var smokeArgs]) return await SmokeTest.RunCommandAsync(smokeArgs, System.Console.Out);

var builder = WebApplication.CreateBuilder(args);
builder.AddMiniMarketDefaults(ConsoleHosting.Profile);
builder.AddConsole();

var app = builder.Build();
if (args.Contains(DemoSeeder.Command)) return await app.SeedDemoAsync();
if (args.Contains(DemoTraffic.Command))
{
    // It renders and photographs invoices (SkiaSharp): those native buffers are given back when freed (NativeAllocator).
    NativeAllocator.MapLargeBlocksApart();
    return await app.RunDemoTrafficAsync();
}

app.UseMiniMarketDefaults();
app.MapMiniMarketDefaultEndpoints();
app.MapConsole();

return await app.RunMiniMarketAsync();
