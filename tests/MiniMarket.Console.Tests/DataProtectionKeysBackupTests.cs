using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using MiniMarket.Testing;

namespace MiniMarket.Console.Tests;

/// <summary>
/// The console's data-protection keys go through the backup schedule's files backup (backup/minimarket-backup.sh) and
/// come back: a console started on the restored keys still accepts a session cookie issued before the loss; one started
/// on new keys does not (what restoring the keys saves).
/// </summary>
public sealed partial class DataProtectionKeysBackupTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mm-keys-").FullName;
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("keys");

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private ConsoleFactory Console(string keys) => new(_database.ConnectionString, $"http://127.0.0.1:{TestServers.FreePort()}",
        new Dictionary<string, string?> { ["DataProtection:KeysPath"] = keys });

    [Fact]
    public async Task RestoredKeys_AcceptTheSessionsOfBefore_NewKeysDoNot()
    {
        var keys = Path.Combine(_folder, "console-keys");
        var state = Path.Combine(_folder, "state");
        string cookie;
        await using (var before = Console(keys))
        {
            cookie = await SignInAsync(before);
            Assert.Equal(HttpStatusCode.OK, await GetHealthAsync(before, cookie));
        }
        Assert.NotEmpty(Directory.GetFiles(keys, "*.xml"));

        var (exit, output) = await BackupScript.RunAsync(BackupScript.FilesOnly(state, keys), "files");
        Assert.True(exit == 0, output);
        var tarball = Directory.GetFiles(Path.Combine(state, "files"), "files-*.tar.gz").Single();
        Directory.Delete(keys, recursive: true); // the keys are lost with the machine

        var restored = Path.Combine(_folder, "restored");
        (exit, output) = await BackupScript.RunAsync(BackupScript.FilesOnly(state, keys), "restore-files", tarball, restored);
        Assert.True(exit == 0, output);

        await using (var after = Console(Path.Combine(restored, "console-keys")))
            Assert.Equal(HttpStatusCode.OK, await GetHealthAsync(after, cookie));
        await using (var fresh = Console(Path.Combine(_folder, "new-keys")))
            Assert.Equal(HttpStatusCode.Redirect, await GetHealthAsync(fresh, cookie)); // to the login: the cookie cannot be read
    }

    [Fact]
    public async Task RestoreFiles_RefusesATarballThatDoesNotMatchItsChecksum()
    {
        var keys = Path.Combine(_folder, "console-keys");
        Directory.CreateDirectory(keys);
        await File.WriteAllTextAsync(Path.Combine(keys, "key-1.xml"), "<key/>");
        var state = Path.Combine(_folder, "state");
        Assert.Equal(0, (await BackupScript.RunAsync(BackupScript.FilesOnly(state, keys), "files")).ExitCode);
        var tarball = Directory.GetFiles(Path.Combine(state, "files"), "files-*.tar.gz").Single();
        await using (var stream = File.OpenWrite(tarball))
        {
            stream.Seek(20, SeekOrigin.Begin);
            stream.WriteByte(0x42);
        }

        var (exit, output) = await BackupScript.RunAsync(BackupScript.FilesOnly(state, keys), "restore-files", tarball, Path.Combine(_folder, "out"));

        Assert.NotEqual(0, exit);
        Assert.Contains("does not match its checksum", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "out", "console-keys")));
    }

    /// <summary>Signs in as admin through the login form with cookies handled by hand, and answers the session cookie.</summary>
    private static async Task<string> SignInAsync(ConsoleFactory console)
    {
        using var client = console.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/cuenta/ingresar?ReturnUrl=%2F");
        var antiforgery = Cookies(form);
        var token = AntiforgeryField().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/cuenta/ingresar?ReturnUrl=%2F")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = token,
                ["Input.UserName"] = "admin", ["Input.Password"] = ConsoleFactory.AdminPassword,
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var login = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return Cookies(login);
    }

    private static async Task<HttpStatusCode> GetHealthAsync(ConsoleFactory console, string cookie)
    {
        using var client = console.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/salud");
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    private static string Cookies(HttpResponseMessage response) => string.Join("; ",
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
