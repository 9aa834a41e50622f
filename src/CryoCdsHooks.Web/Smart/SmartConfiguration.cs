using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CryoCdsHooks.Web.Smart;

/// <summary>The parts of <c>{iss}/.well-known/smart-configuration</c> the app uses.</summary>
internal sealed record SmartConfiguration(Uri AuthorizationEndpoint, Uri TokenEndpoint);
