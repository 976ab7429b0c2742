using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;
using OpenCvSharp;

namespace MiniMarket.Agents.Tests.Ml.Ocr;

/// <summary>
/// The OCR endpoint's refusals and limits, with the real Tesseract (or a stand-in script where a fault is the point).
/// In the OCR collection: its gauges and counters are process-wide, and pages are CPU-heavy.
/// </summary>
[Collection(OcrTests.Name)]
public class OcrApiTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private const string Path = "/api/v1/ocr/invoices";

    private HttpClient Client(AgentsFactory agent, string role = Roles.Encargado)
    {
        var client = agent.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agent.TokenFor("ana", role));
        return client;
    }

    private static ByteArrayContent Image(byte[] bytes, string type = "image/png")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    internal static byte[] Png(int width, int height, Action<Mat>? draw = null)
    {
        using var image = new Mat(height, width, MatType.CV_8UC1, Scalar.White);
        draw?.Invoke(image);
        return image.ImEncode(".png");
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string field = "image")
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem names the field '{field}': {problem}");
    }

    [Fact]
    public async Task Post_EmptyBody_Is400NamingTheImage()
    {
        await using var agent = new AgentsFactory("ml", database.ConnectionString);
        using var client = Client(agent);
        await AssertProblem(await client.PostAsync(Path, Image([])), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    public async Task Post_NotAnImageContentType_Is415(string type)
    {
        await using var agent = new AgentsFactory("ml", database.ConnectionString);
        using var client = Client(agent);
        await AssertProblem(await client.PostAsync(Path, Image("hola"u8.ToArray(), type)), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Post_TextPretendingToBeAnImage_Is400()
    {
        await using var agent = new AgentsFactory("ml", database.ConnectionString);
        using var client = Client(agent);
        await AssertProblem(await client.PostAsync(Path, Image("esto no es una foto"u8.ToArray())), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Post_TruncatedJpeg_Is400()
    {
        using var photo = new Mat(900, 700, MatType.CV_8UC3, new Scalar(200, 180, 160));
        var jpeg = photo.ImEncode(".jpg");
        await using var agent = new AgentsFactory("ml", database.ConnectionString);
        using var client = Client(agent);
        await AssertProblem(await client.PostAsync(Path, Image(jpeg[..(jpeg.Length / 3)], "image/jpeg")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Post_PngOfTwentyThousandSquare_Is413BeforeDecoding()
    {
        var png = new byte[64];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(png, 0);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 20_000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 20_000);
        await using var agent = new AgentsFactory("ml", database.ConnectionString);
        using var client = Client(agent);
        var response = await client.PostAsync(Path, Image(png));
        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("20000 x 20000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BodyOverTheByteLimit_Is413()
    {
        await using var agent = new AgentsFactory("ml", database.ConnectionString, new Dictionary<string, string?> { ["Ml:Ocr:MaxImageBytes"] = "2048" });
        using var client = Client(agent);
        await AssertProblem(await client.PostAsync(Path, Image(new byte[4096])), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Post_BlankPage_IsReadWithNoTextWarningAndZeroConfidence()
    {
        await using var agent = new AgentsFactory("ml", database.ConnectionString);
        using var client = Client(agent);
        var response = await client.PostAsync(Path, Image(Png(1240, 1754)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<OcrInvoiceDto>())!;
        Assert.Contains(result.Warnings, w => w.Code == "sin_texto");
        Assert.Equal(0, result.Confidence);
        Assert.Null(result.Total.Value);
    }

    [Fact]
    public async Task Post_PictureThatIsNotAnInvoice_SaysSoWithLowConfidence()
    {
        var png = Png(1400, 1000, image =>
        {
            Cv2.Circle(image, new Point(400, 500), 250, Scalar.Black, 12);
            Cv2.Rectangle(image, new Rect(800, 200, 400, 600), new Scalar(90), -1);
            Cv2.PutText(image, "HELADERIA", new Point(100, 120), HersheyFonts.HersheySimplex, 3, Scalar.Black, 6);
        });
        await using var agent = new AgentsFactory("ml", database.ConnectionString);
        using var client = Client(agent);
        using var form = new MultipartFormDataContent { { Image(png), "image", "foto.png" } };
        var response = await client.PostAsync(Path, form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<OcrInvoiceDto>())!;
        Assert.Contains(result.Warnings, w => w.Code is "no_parece_factura" or "sin_texto");
        Assert.True(result.Confidence < 0.3, $"confidence {result.Confidence}");
    }

    [Fact]
    public async Task Post_ThousandRandomByteStrings_AllClear4xx_NoServerErrorAndMemoryBackToBaseline()
    {
        await using var agent = new AgentsFactory("ml", database.ConnectionString);
        using var client = Client(agent);
        var random = new Random(20261128);
        (await client.PostAsync(Path, Image(new byte[10]))).Dispose(); // warm up
        var baseline = PrivateMemory();
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < 1000; i++)
        {
            var data = new byte[random.Next(0, 4096)];
            random.NextBytes(data);
            if (i % 3 == 1 && data.Length >= 24) PngHeader(data, random);
            if (i % 3 == 2 && data.Length >= 12) JpegHeader(data, random);
            using var response = await client.PostAsync(Path, Image(data, i % 2 == 0 ? "image/png" : "image/jpeg"));
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            Assert.True((int)response.StatusCode is >= 400 and < 500 || response.StatusCode == HttpStatusCode.OK, $"request {i}: {(int)response.StatusCode}");
        }
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 900, string.Join(", ", statuses));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var growth = PrivateMemory() - baseline;
        Assert.True(growth < 150L * 1024 * 1024, $"private memory grew by {growth / 1024 / 1024} MB after 1000 bad images");
    }

    private static long PrivateMemory()
    {
        using var process = Process.GetCurrentProcess();
        return process.PrivateMemorySize64;
    }

    private static void PngHeader(byte[] data, Random random)
    {
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(data, 0);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(16), random.Next(1, 3000));
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(20), random.Next(1, 3000));
    }

    private static void JpegHeader(byte[] data, Random random)
    {
        new byte[] { 0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08 }.CopyTo(data, 0);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(7), (ushort)random.Next(1, 3000));
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(9), (ushort)random.Next(1, 3000));
    }

    [Fact]
    public async Task Post_QueueFull_Is429WithRetryAfter()
    {
        using var slow = StandIn("sleep 5");
        await using var agent = new AgentsFactory("ml", database.ConnectionString, new Dictionary<string, string?>
        {
            ["Ml:Ocr:TesseractPath"] = slow.Path, ["Ml:Ocr:MaxInFlight"] = "1", ["Ml:Ocr:MaxQueue"] = "1", ["Ml:Ocr:PageTimeout"] = "00:00:10",
        });
        using var client = Client(agent);
        var page = Png(800, 1100, image => Cv2.PutText(image, "FACTURA", new Point(50, 100), HersheyFonts.HersheySimplex, 2, Scalar.Black, 3));
        var first = client.PostAsync(Path, Image(page));
        var second = client.PostAsync(Path, Image(page));
        await Poll.UntilAsync(() => client.GetStringAsync("/metrics"), m => MetricValue(m, "ocr_queued_pages") >= 1, TimeSpan.FromSeconds(10), "the second page queued");
        using var third = await client.PostAsync(Path, Image(page));
        await AssertProblem(third, HttpStatusCode.TooManyRequests);
        Assert.True(third.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        await Task.WhenAll(first, second);
    }

    [Fact]
    public async Task Post_PageRunningPastTheTimeout_KillsTesseractCountsATimeoutAndIs503()
    {
        using var hung = StandIn("sleep 60");
        await using var agent = new AgentsFactory("ml", database.ConnectionString, new Dictionary<string, string?>
        {
            ["Ml:Ocr:TesseractPath"] = hung.Path, ["Ml:Ocr:PageTimeout"] = "00:00:01",
        });
        using var client = Client(agent);
        var before = MetricValue(await client.GetStringAsync("/metrics"), "ocr_timeout_events_total");
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsync(Path, Image(Png(800, 1100)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the request ended with its child process, not after sleep 60");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True(MetricValue(await client.GetStringAsync("/metrics"), "ocr_timeout_events_total") >= before + 1, "a timeout was counted");
    }

    [Fact]
    public async Task Post_TesseractMissing_Is503WithTheReason()
    {
        await using var agent = new AgentsFactory("ml", database.ConnectionString, new Dictionary<string, string?> { ["Ml:Ocr:TesseractPath"] = "/nonexistent/tesseract" });
        using var client = Client(agent);
        using var response = await client.PostAsync(Path, Image(Png(800, 1100)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("tesseract", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(Roles.Guardia, HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Post_WithoutTheRole_IsRefused(string? role, HttpStatusCode expected)
    {
        await using var agent = new AgentsFactory("ml", database.ConnectionString);
        using var client = role is null ? agent.CreateClient() : Client(agent, role);
        using var response = await client.PostAsync(Path, Image(Png(800, 1100)));
        Assert.Equal(expected, response.StatusCode);
    }

    // Absent means nothing counted yet: 0, as Prometheus' increase() would see it.
    private static double MetricValue(string metrics, string name) => MetricsText.Value(metrics, name) is var v && double.IsNaN(v) ? 0 : v;

    /// <summary>A shell script standing in for Tesseract, deleted with the test.</summary>
    private static TempScript StandIn(string body) => new(body);

    private sealed class TempScript : IDisposable
    {
        public TempScript(string body)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fake-tesseract-{Guid.NewGuid():N}.sh");
            File.WriteAllText(Path, "#!/bin/sh\ncat > /dev/null\n" + body + "\n");
            if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("Las pruebas de OCR corren en Linux.");
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OcrTests
{
    public const string Name = "ocr";
}
