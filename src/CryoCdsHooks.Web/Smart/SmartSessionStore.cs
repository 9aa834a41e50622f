using System.Security.Cryptography;
using System.Text.Json;
using CryoCdsHooks.Web.Persistence;
using Duende.IdentityModel;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// Pending launches and SMART sessions in the configured database, so any replica serves any step. Payloads are
/// Data Protection–encrypted (keys shared through the same database), short-lived, and expired rows are purged
/// whenever a launch starts. The browser only holds opaque random ids: the <c>state</c> and the session cookie.
/// </summary>
internal sealed class SmartSessionStore(
    AuditDbContext db,
    IDataProtectionProvider protection,
    TimeProvider time,
    IOptionsMonitor<SmartOptions> options
)
{
    public const string SessionCookie = "cryo_smart_session";
    public const string LoginCookie = "cryo_smart_login";

    private readonly IDataProtector _logins = protection.CreateProtector("CryoCdsHooks.Smart.PendingLogin.v1");
    private readonly IDataProtector _sessions = protection.CreateProtector("CryoCdsHooks.Smart.Session.v1");

    public static string NewOpaqueId() => CryptoRandom.CreateUniqueId(32, CryptoRandom.OutputFormat.Base64Url);

    public async Task<PendingLogin> BeginLoginAsync(
        Uri iss,
        string launch,
        string codeVerifier,
        string redirectUri,
        Uri tokenEndpoint,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        await db.SmartStates.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        var login = new PendingLogin(
            NewOpaqueId(),
            iss,
            launch,
            codeVerifier,
            redirectUri,
            tokenEndpoint,
            now + options.CurrentValue.LoginTimeout
        );
        db.SmartStates.Add(
            new SmartStateRow
            {
                Key = LoginKey(login.State),
                Payload = Protect(_logins, login),
                ExpiresAt = login.ExpiresAt,
            }
        );
        await db.SaveChangesAsync(ct);
        return login;
    }

    /// <summary>Single use, across replicas: only the request whose delete removed the row gets the login.</summary>
    public async Task<PendingLogin?> TakeLoginAsync(string state, CancellationToken ct)
    {
        var key = LoginKey(state);
        var row = await db.SmartStates.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, ct);
        if (row is null || await db.SmartStates.Where(s => s.Key == key).ExecuteDeleteAsync(ct) != 1)
            return null;
        return row.ExpiresAt > time.GetUtcNow() ? Unprotect<PendingLogin>(_logins, row.Payload) : null;
    }

    public async Task SaveAsync(SmartSession session, CancellationToken ct)
    {
        var key = SessionKey(session.Id);
        var payload = Protect(_sessions, session);
        var row = await db.SmartStates.SingleOrDefaultAsync(s => s.Key == key, ct);
        if (row is null)
            db.SmartStates.Add(
                new SmartStateRow
                {
                    Key = key,
                    Payload = payload,
                    ExpiresAt = session.ExpiresAt,
                }
            );
        else
            row.Payload = payload;
        await db.SaveChangesAsync(ct);
    }

    public async Task<SmartSession?> FindAsync(string? sessionId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(sessionId))
            return null;
        var key = SessionKey(sessionId);
        var row = await db.SmartStates.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, ct);
        return row is not null && row.ExpiresAt > time.GetUtcNow()
            ? Unprotect<SmartSession>(_sessions, row.Payload)
            : null;
    }

    private static string Protect<T>(IDataProtector protector, T value) =>
        protector.Protect(JsonSerializer.Serialize(value));

    /// <summary>Null when the payload does not decrypt (a key that was removed, a tampered row).</summary>
    private static T? Unprotect<T>(IDataProtector protector, string payload)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(protector.Unprotect(payload));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static string LoginKey(string state) => Hash("login:" + state);

    private static string SessionKey(string id) => Hash("session:" + id);

    private static string Hash(string value) =>
        Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)));
}
