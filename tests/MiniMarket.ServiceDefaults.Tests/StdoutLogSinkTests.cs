using System.Text;
using System.Text.Json;
using MiniMarket.ServiceDefaults;
using Serilog;
using Serilog.Formatting.Compact;

namespace MiniMarket.ServiceDefaults.Tests;

/// <summary>The services' stdout log: every line written, as compact JSON, in batches (far fewer writes than lines), and flushed when the logger closes.</summary>
public class StdoutLogSinkTests
{
    [Fact]
    public void EveryLineIsWritten_AsOneJsonObjectPerLine_InFewerWritesThanLines()
    {
        var output = new CountingStream();
        var logger = new LoggerConfiguration()
            .WriteTo.Sink(new StdoutLogSink(new RenderedCompactJsonFormatter(), output), StdoutLogSink.Batching)
            .CreateLogger();
        for (var i = 0; i < 2_000; i++) logger.Information("HTTP {RequestMethod} {RequestPath} responded {StatusCode} ñandú {Index}", "POST", "/api/v1/stock/movements", 201, i);
        logger.Dispose(); // as the host does at shutdown: what is queued is written

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2_000, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            using var line = JsonDocument.Parse(lines[i]);
            Assert.Equal(i, line.RootElement.GetProperty("Index").GetInt32());
            Assert.Equal(201, line.RootElement.GetProperty("StatusCode").GetInt32());
            Assert.Contains("ñandú", line.RootElement.GetProperty("@m").GetString(), StringComparison.Ordinal);
        }
        Assert.False(Encoding.UTF8.GetString(output.ToArray()).StartsWith('\uFEFF')); // no byte-order mark before the first line
        Assert.InRange(output.Writes, 1, 200);
    }

    [Fact]
    public void ALineAloneIsWrittenWithoutWaitingForABatch()
    {
        var output = new CountingStream();
        using var logger = new LoggerConfiguration()
            .WriteTo.Sink(new StdoutLogSink(new RenderedCompactJsonFormatter(), output), StdoutLogSink.Batching)
            .CreateLogger();
        logger.Warning("Redis is not answering");
        // Bounded: the first line of a quiet spell goes out at once; 10 s is only the test's limit, not a figure.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (output.Length == 0 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Assert.Contains("Redis is not answering", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
    }

    private sealed class CountingStream : MemoryStream
    {
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public override void Write(byte[] buffer, int offset, int count)
        {
            Interlocked.Increment(ref _writes);
            lock (this) base.Write(buffer, offset, count);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _writes);
            lock (this) base.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override byte[] ToArray()
        {
            lock (this) return base.ToArray();
        }

        public override long Length
        {
            get { lock (this) return base.Length; }
        }
    }
}
