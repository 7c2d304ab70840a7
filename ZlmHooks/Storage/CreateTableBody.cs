using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ZlmHooks.Storage;

/// <summary>
/// Writes the body of a create-table request from the table name in the message's properties.
/// Azure.Data.Tables serializes that body (an anonymous <c>{ TableName }</c>) with reflection-based
/// System.Text.Json, which the Native AOT build does not have: there it sends <c>{}</c> and the service
/// answers TableNameEmpty (Azure/azure-sdk-for-net#56640). Both builds take this path, so the tests
/// cover what the published app does.
/// </summary>
internal sealed class CreateTableBody : HttpPipelineSynchronousPolicy
{
    private const string Property = "ZlmHooks.CreateTable";

    /// <summary>Messages created inside the scope carry the table name for this policy.</summary>
    public static IDisposable Scope(string table) =>
        HttpPipeline.CreateHttpMessagePropertiesScope(new Dictionary<string, object?> { [Property] = table });

    public override void OnSendingRequest(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Post || !message.TryGetProperty(Property, out var value) || value is not string table)
            return;
        var body = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("TableName", table);
            json.WriteEndObject();
        }
        message.Request.Content = RequestContent.Create(body.WrittenMemory);
    }
}
