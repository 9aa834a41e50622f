using System.Text.Json;

namespace CryoCdsHooks.PolicyEngine.Facts;

public enum StagingSite { Kidney, Lung }
