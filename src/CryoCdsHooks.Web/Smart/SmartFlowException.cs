using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CryoCdsHooks.Web.Smart;

/// <summary>Why a launch or callback could not go on; <see cref="Message"/> is safe to show and log (no PHI, no secrets).</summary>
internal sealed class SmartFlowException(string message, int statusCode) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
