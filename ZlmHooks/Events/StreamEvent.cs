using System.Text.Json;

namespace ZlmHooks.Events;

/// <summary>
/// One CloudEvent 1.0 as ZlmHooks publishes it, with the key that orders it (<see cref="Partition"/>:
/// one stream, or one server). <see cref="Encode"/> writes the structured JSON form Event Grid takes.
/// </summary>
public sealed record StreamEvent(string Id, string Source, string Type, string? Subject, DateTimeOffset Time, byte[] Data, string Partition)
{
    public byte[] Encode()
    {
        using var buffer = new MemoryStream(Data.Length + 256);
        using (var json = new Utf8JsonWriter(buffer))
            Write(json);
        return buffer.ToArray();
    }

    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("specversion", "1.0");
        json.WriteString("id", Id);
        json.WriteString("source", Source);
        json.WriteString("type", Type);
        if (Subject is not null) json.WriteString("subject", Subject);
        json.WriteString("time", Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("datacontenttype", "application/json");
        json.WritePropertyName("data");
        json.WriteRawValue(Data, skipInputValidation: true);
        json.WriteEndObject();
    }

    /// <summary>Encoded events as the JSON array Event Grid's CloudEvents endpoint takes.</summary>
    public static byte[] Batch(IReadOnlyList<byte[]> encoded)
    {
        var output = new byte[2 + encoded.Sum(e => e.Length) + Math.Max(0, encoded.Count - 1)];
        var at = 0;
        output[at++] = (byte)'[';
        for (var i = 0; i < encoded.Count; i++)
        {
            if (i > 0) output[at++] = (byte)',';
            encoded[i].CopyTo(output, at);
            at += encoded[i].Length;
        }
        output[at] = (byte)']';
        return output;
    }
}
