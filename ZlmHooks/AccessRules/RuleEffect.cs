using System.Text.Json.Serialization;

namespace ZlmHooks.AccessRules;

/// <summary>What a matching rule does with the client.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuleEffect>))]
public enum RuleEffect
{
    Allow,
    Deny,

    /// <summary>Allow only a client that presents one of the rule's <see cref="AccessRule.Credentials"/>.</summary>
    Credential,
}
