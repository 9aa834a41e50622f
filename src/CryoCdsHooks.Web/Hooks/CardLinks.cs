using System.Text;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Hooks.Wire;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>Where card links point: the policy document and our SMART app.</summary>
public sealed record CardLinks(string PolicyUrl, string SmartLaunchUrl);
