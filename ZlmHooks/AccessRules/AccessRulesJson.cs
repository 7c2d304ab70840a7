using System.Text.Json.Serialization;

namespace ZlmHooks.AccessRules;

/// <summary>How rules are kept in a table row: a JSON array, compact, nulls left out.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(List<AccessRule>))]
[JsonSerializable(typeof(PublishReply))]
internal sealed partial class AccessRulesJson : JsonSerializerContext;
