using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlmHooks.Hooks;

// MediaServer builds bodies with jsoncpp from values of mixed C++ types, and its versions differ:
// `id` was a number and is now a string, `ssrc` is a string in one hook and a number in another,
// config values arrive as strings. These converters accept any scalar spelling of a value and
// refuse only shapes that cannot mean it (an object where a string belongs), with a clear message.

internal sealed class LenientStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => null,
            _ => throw new JsonException("expected a string"),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    // Registering a converter for string replaces the built-in one for dictionary keys too.
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString()!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);
}

internal sealed class LenientInt64Converter : JsonConverter<long?>
{
    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var l)) return l;
                // jsoncpp writes 4294967295 for unsigned stamps and 5.0 for some counters.
                if (reader.TryGetDouble(out var d) && d is >= long.MinValue and <= long.MaxValue) return (long)d;
                if (reader.TryGetUInt64(out var u)) return unchecked((long)u);
                break;
            case JsonTokenType.String:
                var s = reader.GetString();
                if (string.IsNullOrWhiteSpace(s)) return null;
                if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out l)) return l;
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d) && d is >= long.MinValue and <= long.MaxValue) return (long)d;
                break;
            case JsonTokenType.True:
                return 1;
            case JsonTokenType.False:
                return 0;
        }
        throw new JsonException("expected an integer");
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } v) writer.WriteNumberValue(v); else writer.WriteNullValue();
    }
}

internal sealed class LenientInt32Converter : JsonConverter<int?>
{
    private static readonly LenientInt64Converter Wide = new();

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Wide.Read(ref reader, typeof(long?), options) switch
        {
            null => null,
            >= int.MinValue and <= int.MaxValue and var v => (int)v,
            _ => throw new JsonException("integer out of range"),
        };

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is { } v) writer.WriteNumberValue(v); else writer.WriteNullValue();
    }
}

internal sealed class LenientDoubleConverter : JsonConverter<double?>
{
    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                // 1e400 reads as infinity, which no JSON writer can write back.
                if (reader.TryGetDouble(out var n) && double.IsFinite(n)) return n;
                break;
            case JsonTokenType.String:
                var s = reader.GetString();
                if (string.IsNullOrWhiteSpace(s)) return null;
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
                break;
        }
        throw new JsonException("expected a number");
    }

    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
    {
        if (value is { } v) writer.WriteNumberValue(v); else writer.WriteNullValue();
    }
}

internal sealed class LenientBooleanConverter : JsonConverter<bool?>
{
    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var d) ? d != 0 : throw new JsonException("expected a boolean");
            case JsonTokenType.String:
                var span = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
                if (span.Length == 0) return null;
                if (span.SequenceEqual("true"u8) || span.SequenceEqual("1"u8)) return true;
                if (span.SequenceEqual("false"u8) || span.SequenceEqual("0"u8)) return false;
                if (Utf8Parser.TryParse(span, out double n, out var used) && used == span.Length) return n != 0;
                break;
        }
        throw new JsonException("expected a boolean");
    }

    // Replies always carry real JSON booleans: MediaServer's jsoncpp throws on "true".
    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } v) writer.WriteBooleanValue(v); else writer.WriteNullValue();
    }
}
