using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// The attributes of every cookie the app sets (launch state, session, antiforgery). EHRs frame the app from their
/// own site, where only <c>SameSite=None; Secure</c> cookies are stored and sent; <c>Partitioned</c> (CHIPS) keeps
/// them in the EHR's partition, so browsers that block third-party cookies still keep them. That needs https, so
/// the choice follows the configured public URL (<see cref="SmartOptions.CrossSiteCookies"/>), not the request,
/// which behind a TLS-terminating proxy is plain http. Over http (Development) the cookies are <c>SameSite=Lax</c>:
/// the app then works in a top-level window only.
/// </summary>
internal static class SmartCookies
{
    public const string Partitioned = "Partitioned";

    public static CookieOptions Options(HttpContext context, TimeSpan maxAge)
    {
        var options = new CookieOptions
        {
            HttpOnly = true,
            Path = "/smart",
            MaxAge = maxAge,
            IsEssential = true,
        };
        Apply(context, options);
        return options;
    }

    /// <summary>
    /// The options that delete a cookie set with <see cref="Options"/> (browsers match on the same attributes).
    /// </summary>
    public static CookieOptions Deletion(HttpContext context)
    {
        var options = new CookieOptions { HttpOnly = true, Path = "/smart" };
        Apply(context, options);
        return options;
    }

    private static void Apply(HttpContext context, CookieOptions options)
    {
        if (context.RequestServices.GetRequiredService<IOptionsMonitor<SmartOptions>>().CurrentValue.CrossSiteCookies)
        {
            options.Secure = true;
            options.SameSite = SameSiteMode.None;
            options.Extensions.Add(Partitioned);
        }
        else
        {
            options.Secure = context.Request.IsHttps;
            options.SameSite = SameSiteMode.Lax;
        }
    }

    /// <summary>The antiforgery cookie, with the same attributes as the app's own cookies.</summary>
    internal sealed class AntiforgeryCookie : CookieBuilder
    {
        public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
        {
            var options = base.Build(context, expiresFrom);
            Apply(context, options);
            return options;
        }
    }
}
