namespace MiniMarket.Testing;

/// <summary>
/// A figure a generic test measured (how many requests a fuzz test sent, what it found), written where test.sh prints it
/// at the end of a run (<c>MM_TEST_REPORTS</c>), or to the temporary folder when the tests run on their own.
/// </summary>
public static class TestReports
{
    public static Task WriteAsync(string name, string summary, IEnumerable<string> details)
    {
        var folder = Environment.GetEnvironmentVariable("MM_TEST_REPORTS") is { Length: > 0 } reports ? reports : Path.GetTempPath();
        Directory.CreateDirectory(folder);
        return File.WriteAllTextAsync(Path.Combine(folder, $"minimarket-{name}.report.txt"), summary + "\n" + string.Join('\n', details) + "\n");
    }
}
