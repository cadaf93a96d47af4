using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Telemetry.Api.Wire;
using Xunit;

namespace Telemetry.Api.Tests.Wire;

public sealed class MergePatchTests
{
    [Fact]
    public void Objects_merge_key_by_key_null_removes_and_other_values_replace()
    {
        var target = JsonNode.Parse("""{"name":"a","condition":{"op":"<","threshold":1,"group_by":["sku"]},"runbook_url":"https://x"}""")!.AsObject();
        var patch = JsonNode.Parse("""{"condition":{"threshold":5,"group_by":["location_id"]},"runbook_url":null,"severity":"critical"}""")!.AsObject();

        MergePatch.Apply(target, patch);

        Assert.Equal(
            """{"name":"a","condition":{"op":"<","threshold":5,"group_by":["location_id"]},"severity":"critical"}""",
            target.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
