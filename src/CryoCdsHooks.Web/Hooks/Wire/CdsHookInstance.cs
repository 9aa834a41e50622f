using System.Text.Json;
using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>
/// Only the hookInstance of a request: what the hookInstance rule needs before the request is validated.
/// </summary>
internal sealed record CdsHookInstance(string? HookInstance);
