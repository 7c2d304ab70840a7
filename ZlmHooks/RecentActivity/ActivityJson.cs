using System.Text.Json.Serialization;

namespace ZlmHooks.RecentActivity;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ActivityList))]
internal sealed partial class ActivityJson : JsonSerializerContext;
