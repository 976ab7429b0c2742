namespace MiniMarket.Testing;

/// <summary>Paths inside the repository, found from the test's own location.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>A project's built DLL in the same configuration as the tests (built by `dotnet build` of the solution).</summary>
    public static string BuildOutput(string project)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var path = Path.Combine(Root, project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built in {configuration}: build the solution first", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MiniMarket.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("MiniMarket.sln not found above " + AppContext.BaseDirectory);
    }
}
