using System.Text.Json.Nodes;

namespace Telemetry.Api.Wire;

/// <summary>JSON merge patch (RFC 7396): objects merge key by key, <c>null</c> removes a key, anything else replaces.</summary>
public static class MergePatch
{
    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject patchObject && target[key] is JsonObject targetObject)
            {
                Apply(targetObject, patchObject);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }
}
