using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using ZlmHooks.Hooks;

namespace ZlmHooks.Recordings;

/// <summary>
/// Records each finished recording in Blob Storage so it can be found without a database: as
/// metadata and index tags on the recording's own blob when MediaServer records into a mounted
/// container, otherwise as a catalog entry blob holding the hook's JSON (docs/recordings.md).
/// The entry's name comes from the body, never from <c>hook_index</c>, so a retried notification
/// rewrites the same entry with the same content.
/// </summary>
public sealed class RecordingCatalog(BlobServiceClient blobs, IOptions<RecordingsOptions> options)
{
    public const string KindMp4 = "mp4";
    public const string KindTs = "ts";

    // Tag names carry a prefix so they never clash with an operator's own tags on in-place blobs.
    public const string TagKind = "zlmkind", TagServer = "zlmserver", TagVhost = "zlmvhost", TagApp = "zlmapp",
        TagStream = "zlmstream", TagDay = "zlmday", TagStart = "zlmstart";

    /// <summary>Stores the entry and returns where; throws when storage cannot take it.</summary>
    /// <param name="payload">The hook's cleaned payload (<see cref="Hooks.HookContext.Payload"/>), stored as the entry's content.</param>
    public async Task<string> RecordAsync(string kind, RecordFileRequest request, JsonObject payload, CancellationToken cancellationToken)
    {
        var metadata = Metadata(kind, request);
        var tags = Tags(kind, request);

        // A path with a secret in its query is never a blob's name here: the entry is catalogued
        // under the cleaned name instead, so the secret is in no name, list or log line.
        if (Redaction.PathOrUrl(request.FilePath) == request.FilePath && Mounted(request.FilePath!) is { } mounted)
        {
            var blob = blobs.GetBlobContainerClient(mounted.Container).GetBlobClient(mounted.Name);
            if (await blob.ExistsAsync(cancellationToken))
            {
                metadata["zlmplacement"] = "in-place";
                await MergeAsync(blob, metadata, tags, cancellationToken);
                return $"{mounted.Container}/{mounted.Name}";
            }
        }

        var container = blobs.GetBlobContainerClient(options.Value.Container);
        var name = EntryName(kind, request);
        metadata["zlmplacement"] = "catalog";
        var content = EntryContent(payload);
        await container.GetBlobClient(name).UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            Metadata = metadata,
            Tags = tags,
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        }, cancellationToken);
        return $"{options.Value.Container}/{name}";
    }

    /// <summary>mediaServerId/vhost/app/stream/day/file_name.json, each part encoded as one name segment;
    /// the file's name as redacted (a name is listed and logged as freely as metadata).</summary>
    public static string EntryName(string kind, RecordFileRequest r) => string.Join('/',
        BlobText.NameSegment(r.MediaServerId ?? "unknown-server"), BlobText.NameSegment(Vhost(r)), BlobText.NameSegment(r.App!),
        BlobText.NameSegment(r.Stream!), Day(r.StartTime),
        BlobText.NameSegment(kind + "-" + Redaction.PathOrUrl(r.FileName ?? Path.GetFileName(r.FilePath!)) + ".json"));

    /// <summary>The hook's cleaned JSON (already without hook_index, which differs between retries),
    /// without the pusher's URL parameters either: a catalog has no use for them.</summary>
    public static byte[] EntryContent(JsonObject payload)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (key, value) in payload)
            {
                if (key == "params") continue;
                json.WritePropertyName(key);
                if (value is null) json.WriteNullValue(); else value.WriteTo(json);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static Dictionary<string, string> Metadata(string kind, RecordFileRequest r)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["zlmkind"] = kind,
            ["vhost"] = BlobText.Metadata(Vhost(r)),
            ["app"] = BlobText.Metadata(r.App!),
            ["stream"] = BlobText.Metadata(r.Stream!),
            ["filepath"] = BlobText.Metadata(Redaction.PathOrUrl(r.FilePath!)),
            ["encoding"] = "percent-utf8",
        };
        // Through the one redaction, as everything kept is: a recording's url or path can carry a password,
        // and its url is often relative ("record/live/cam1/a.mp4?token=..."), so a query is one without a scheme too.
        void Add(string key, string? value) { if (value is not null) metadata[key] = BlobText.Metadata(Redaction.PathOrUrl(value)); }
        Add("mediaserverid", r.MediaServerId);
        Add("filename", r.FileName);
        Add("folder", r.Folder);
        Add("url", r.Url);
        Add("starttime", r.StartTime?.ToString(CultureInfo.InvariantCulture));
        Add("starttimeutc", UnixTime.FromSeconds(r.StartTime)?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Add("timelen", r.TimeLen?.ToString("R", CultureInfo.InvariantCulture));
        Add("filesize", r.FileSize?.ToString(CultureInfo.InvariantCulture));
        return metadata;
    }

    public static Dictionary<string, string> Tags(string kind, RecordFileRequest r) => new(StringComparer.Ordinal)
    {
        [TagKind] = kind,
        [TagServer] = TagValue(r.MediaServerId ?? "unknown-server"),
        [TagVhost] = TagValue(Vhost(r)),
        [TagApp] = TagValue(r.App!),
        [TagStream] = TagValue(r.Stream!),
        [TagDay] = Day(r.StartTime),
        [TagStart] = (r.StartTime ?? 0).ToString("D10", CultureInfo.InvariantCulture),
    };

    /// <summary>Tag values hold at most 256 characters; a longer encoded id is cut, which only
    /// widens what a query on it matches.</summary>
    public static string TagValue(string value)
    {
        var tag = BlobText.Tag(value);
        return tag.Length <= 256 ? tag : tag[..256];
    }

    private static string Vhost(RecordFileRequest r) => StreamHookRequest.VhostOrDefault(r.Vhost);

    private static string Day(long? startTime) =>
        UnixTime.FromSeconds(startTime)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "0000-00-00";

    private (string Container, string Name)? Mounted(string filePath)
    {
        var mount = options.Value.Mounts
            .Where(m => m.PathPrefix.Length > 0 && filePath.StartsWith(m.PathPrefix, StringComparison.Ordinal))
            .MaxBy(m => m.PathPrefix.Length);
        return mount is null ? null : (mount.Container, mount.BlobPrefix + filePath[mount.PathPrefix.Length..]);
    }

    /// <summary>Adds our metadata and tags to a recording blob without dropping the ones it had.</summary>
    private static async Task MergeAsync(BlobClient blob, Dictionary<string, string> metadata, Dictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        var mergedMetadata = new Dictionary<string, string>(properties.Value.Metadata, StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in metadata) mergedMetadata[k] = v;
        await blob.SetMetadataAsync(mergedMetadata, new BlobRequestConditions { IfMatch = properties.Value.ETag }, cancellationToken);

        var existing = await blob.GetTagsAsync(cancellationToken: cancellationToken);
        var mergedTags = new Dictionary<string, string>(existing.Value.Tags, StringComparer.Ordinal);
        foreach (var (k, v) in tags) mergedTags[k] = v;
        if (mergedTags.Count > 10)
            throw new InvalidOperationException($"blob {blob.Name} would have {mergedTags.Count} index tags (at most 10)");
        await blob.SetTagsAsync(mergedTags, cancellationToken: cancellationToken);
    }

    // ----- finding recordings -----

    /// <summary>The tag query for a filter, e.g. <c>"zlmstream" = 'cam1' AND "zlmday" >= '2026-11-24'</c>.</summary>
    public static string Query(RecordingFilter filter)
    {
        var terms = new List<string>();
        void Equal(string tag, string? value) { if (!string.IsNullOrEmpty(value)) terms.Add($"\"{tag}\" = '{value}'"); }
        // Every value below is either one of a fixed set or tag-encoded (letters, digits, '-', '.', '_'):
        // nothing a caller writes can close the quotes and add a condition.
        if (!string.IsNullOrEmpty(filter.Kind) && filter.Kind is not (KindMp4 or KindTs))
            throw new FormatException($"kind must be {KindMp4} or {KindTs}");
        Equal(TagKind, filter.Kind);
        Equal(TagServer, filter.Server is null ? null : TagValue(filter.Server));
        Equal(TagVhost, filter.Vhost is null ? null : TagValue(filter.Vhost));
        Equal(TagApp, filter.App is null ? null : TagValue(filter.App));
        Equal(TagStream, filter.Stream is null ? null : TagValue(filter.Stream));
        terms.Add($"\"{TagDay}\" >= '{DayBound(filter.From, "0000-00-00")}'");
        terms.Add($"\"{TagDay}\" <= '{DayBound(filter.To, "9999-12-31")}'");
        return string.Join(" AND ", terms);
    }

    private static string DayBound(string? day, string fallback)
    {
        if (string.IsNullOrEmpty(day)) return fallback;
        if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            throw new FormatException($"'{day}' is not a day (yyyy-MM-dd)");
        return parsed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public async Task<List<Recording>> ListAsync(RecordingFilter filter, CancellationToken cancellationToken)
    {
        var found = new List<Recording>();
        await foreach (var item in blobs.FindBlobsByTagsAsync(Query(filter), cancellationToken))
        {
            var blob = blobs.GetBlobContainerClient(item.BlobContainerName).GetBlobClient(item.BlobName);
            BlobProperties properties;
            try
            {
                properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                continue; // deleted since the index was read
            }
            found.Add(FromMetadata(item.BlobContainerName, item.BlobName, properties.Metadata));
        }
        return [.. found.OrderBy(r => r.StartTime).ThenBy(r => r.Blob, StringComparer.Ordinal).Take(filter.Limit)];
    }

    private Recording FromMetadata(string container, string name, IDictionary<string, string> m)
    {
        string? Get(string key) => m.TryGetValue(key, out var v) ? BlobText.FromMetadata(v) : null;
        long? Long(string key) => long.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        var server = Get("mediaserverid");
        var url = Get("url");
        var start = Long("starttime");
        var playbackBase = options.Value.PlaybackBase(server);
        return new Recording
        {
            Kind = Get("zlmkind") ?? "?",
            MediaServerId = server,
            Vhost = Get("vhost") ?? "",
            App = Get("app") ?? "",
            Stream = Get("stream") ?? "",
            Day = Day(start),
            FileName = Get("filename"),
            FilePath = Get("filepath"),
            Folder = Get("folder"),
            Url = url,
            StartTime = start,
            StartTimeUtc = Get("starttimeutc"),
            TimeLen = double.TryParse(Get("timelen"), NumberStyles.Float, CultureInfo.InvariantCulture, out var len) ? len : null,
            FileSize = Long("filesize"),
            Blob = $"{container}/{name}",
            Placement = Get("zlmplacement") ?? "catalog",
            PlaybackUrl = playbackBase is null || url is null ? null : playbackBase.TrimEnd('/') + "/" + url.TrimStart('/'),
        };
    }
}
