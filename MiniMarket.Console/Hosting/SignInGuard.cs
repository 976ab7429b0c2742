using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MiniMarket.Console.Data;
using Prometheus;

namespace MiniMarket.Console.Hosting;

/// <summary>How failed sign-ins are throttled (section <c>SignIn</c>).</summary>
public sealed class SignInOptions
{
    public const string Section = "SignIn";

    /// <summary>
    /// Failed sign-ins one address may make within <see cref="Window"/> before it is answered 429. Kept below the account
    /// lock-out (<see cref="AccountLockoutAttempts"/>), so that one stranger cannot lock a person out.
    /// </summary>
    public int MaxFailuresPerAddress { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed sign-ins (from any address) that lock an account for <see cref="AccountLockout"/>.</summary>
    public int AccountLockoutAttempts { get; set; } = 10;

    public TimeSpan AccountLockout { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class SignInOptionsValidator : IValidateOptions<SignInOptions>
{
    public ValidateOptionsResult Validate(string? name, SignInOptions options)
    {
        var failures = new List<string>();
        if (options.MaxFailuresPerAddress < 1) failures.Add("'SignIn:MaxFailuresPerAddress' debe ser al menos 1.");
        if (options.AccountLockoutAttempts <= options.MaxFailuresPerAddress)
            failures.Add("'SignIn:AccountLockoutAttempts' debe ser mayor que 'SignIn:MaxFailuresPerAddress': si no, una sola dirección bloquea la cuenta de otro.");
        if (options.Window < TimeSpan.FromMinutes(1) || options.Window > TimeSpan.FromDays(1)) failures.Add("'SignIn:Window' va de 00:01:00 a 1.00:00:00.");
        if (options.AccountLockout < TimeSpan.FromMinutes(1)) failures.Add("'SignIn:AccountLockout' debe ser de al menos 00:01:00.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>What one sign-in attempt came to. <see cref="RetryAfter"/> is set when the address is throttled.</summary>
public sealed record SignInOutcome(string Result, ConsoleUser? User, TimeSpan? RetryAfter)
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string LockedOut = "locked";
    public const string Throttled = "throttled";

    public bool Succeeded => Result == Ok;
}

/// <summary>
/// The failed sign-ins of each address over the last <see cref="SignInOptions.Window"/> (in memory: one console process;
/// a restart forgets them, and the account lock-out, kept in the database, still applies). Bounded: the oldest addresses
/// are forgotten beyond 10,000.
/// </summary>
public sealed class FailedSignIns(IOptions<SignInOptions> options, TimeProvider time)
{
    private const int MaxAddresses = 10_000;
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _byAddress = new(StringComparer.Ordinal);

    /// <summary>How long until the address may try again; null when it may now.</summary>
    public TimeSpan? Blocked(string address)
    {
        if (!_byAddress.TryGetValue(address, out var failures)) return null;
        lock (failures)
        {
            var now = time.GetUtcNow();
            var window = options.Value.Window;
            while (failures.Count > 0 && failures.Peek() <= now - window) failures.Dequeue();
            return failures.Count >= options.Value.MaxFailuresPerAddress ? failures.Peek() + window - now : null;
        }
    }

    public void Record(string address)
    {
        if (_byAddress.Count >= MaxAddresses) Prune();
        var failures = _byAddress.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            failures.Enqueue(time.GetUtcNow());
            while (failures.Count > options.Value.MaxFailuresPerAddress) failures.Dequeue();
        }
    }

    private void Prune()
    {
        var cutoff = time.GetUtcNow() - options.Value.Window;
        foreach (var (address, failures) in _byAddress)
        {
            bool stale;
            lock (failures) stale = failures.Count == 0 || failures.Last() <= cutoff;
            if (stale) _byAddress.TryRemove(address, out _);
        }
        // Still full (a flood from many addresses): forget half, oldest activity first.
        if (_byAddress.Count >= MaxAddresses)
        {
            foreach (var address in _byAddress.OrderBy(a => { lock (a.Value) return a.Value.Count == 0 ? DateTimeOffset.MinValue : a.Value.Last(); })
                         .Take(MaxAddresses / 2).Select(a => a.Key).ToList())
                _byAddress.TryRemove(address, out _);
        }
    }
}

/// <summary>
/// Every sign-in — the login form and the script-token API — goes through here: an address that failed too often is
/// answered 429 before any password is checked; an unknown user name costs the same password hash as a known one (so a
/// user name cannot be found by timing); each attempt is counted (<c>console_sign_ins_total{result}</c>) and each failure
/// logged with the address.
/// </summary>
public sealed partial class SignInGuard(
    UserManager<ConsoleUser> users, SignInManager<ConsoleUser> signIn, IPasswordHasher<ConsoleUser> hasher, FailedSignIns failures,
    DecoyPassword decoy, ILogger<SignInGuard> logger)
{
    private static readonly Counter Attempts = Metrics.CreateCounter("console_sign_ins_total",
        "Sign-in attempts at the console (login form and script-token API), by result: ok, failed, locked, throttled.",
        new CounterConfiguration { LabelNames = ["result"] });

    /// <summary>Exports every result at 0 from the start (an alert on a rate needs the series before the first failure).</summary>
    public static void Initialise()
    {
        foreach (var result in new[] { SignInOutcome.Ok, SignInOutcome.Failed, SignInOutcome.LockedOut, SignInOutcome.Throttled }) Attempts.WithLabels(result);
    }

    /// <summary>Checks the password; with <paramref name="cookie"/> also signs the person in (the login form).</summary>
    public async Task<SignInOutcome> SignInAsync(string userName, string password, IPAddress? from, bool cookie)
    {
        var address = from?.ToString() ?? "desconocida";
        var shownName = userName.Length <= 64 ? userName : userName[..64] + "…";
        if (failures.Blocked(address) is { } wait)
        {
            LogThrottled(logger, address, shownName, wait.TotalSeconds);
            return Count(new SignInOutcome(SignInOutcome.Throttled, null, wait));
        }
        var user = await users.FindByNameAsync(userName);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            // The same work as checking a real password: an unknown or locked name answers as slowly as a wrong password.
            hasher.VerifyHashedPassword(decoy.User, decoy.HashFor(hasher), password);
            failures.Record(address);
            var result = user is null ? SignInOutcome.Failed : SignInOutcome.LockedOut;
            LogFailed(logger, address, shownName, user is null ? "usuario desconocido" : "cuenta bloqueada");
            return Count(new SignInOutcome(result, null, null));
        }
        var check = cookie
            ? await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true)
            : await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (check.Succeeded) return Count(new SignInOutcome(SignInOutcome.Ok, user, null));
        failures.Record(address);
        LogFailed(logger, address, shownName, check.IsLockedOut ? "contraseña incorrecta; la cuenta quedó bloqueada" : "contraseña incorrecta");
        return Count(new SignInOutcome(check.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed, null, null));
    }

    private static SignInOutcome Count(SignInOutcome outcome)
    {
        Attempts.WithLabels(outcome.Result).Inc();
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in failed from {Address} as {UserName}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string address, string userName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused from {Address} as {UserName}: too many failures, retry in {Seconds:0} s")]
    private static partial void LogThrottled(ILogger logger, string address, string userName, double seconds);
}

/// <summary>
/// A password hash no one knows, checked for names that do not exist so that they cost the same time. Made once, by the
/// hasher the sign-in uses (Identity registers it per request), so it costs what a real one does.
/// </summary>
public sealed class DecoyPassword
{
    private string? _hash;

    public ConsoleUser User { get; } = new() { UserName = "decoy" };

    public string HashFor(IPasswordHasher<ConsoleUser> hasher) =>
        _hash ??= hasher.HashPassword(User, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
}
