using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>A loopback HTTP listener standing in for Slack's incoming webhook: keeps every JSON message posted to it.</summary>
public sealed class SlackListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<JsonElement> _messages = new();
    private readonly Task _loop;

    public SlackListener()
    {
        var port = TestServers.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/services/T000/B000/test");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    public IReadOnlyList<JsonElement> Messages => [.. _messages];

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var body = await reader.ReadToEndAsync();
                try
                {
                    _messages.Enqueue(JsonDocument.Parse(body).RootElement.Clone());
                }
                catch (JsonException)
                {
                    _messages.Enqueue(JsonSerializer.SerializeToElement(new { invalid = body }));
                }
            }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        try
        {
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // Managed HttpListener on Linux looks its port up again while closing (after Stop released it) and throws
            // "Address already in use" when another test bound that port meanwhile (a fresh-clone run, 7 December): the
            // listener is stopped either way.
        }
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
