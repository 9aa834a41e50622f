using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Smart;

/// <summary>A smart-configuration as read, with what its server said about caching it.</summary>
internal sealed record DiscoveredConfiguration(
    SmartConfiguration Configuration,
    CacheControlHeaderValue? CacheControl,
    TimeSpan? ExpiresIn
);
