namespace ZlmHooks.Tests.Support.Media;

/// <summary>The real-MediaServer tests run one class at a time: each class has its own MediaServer
/// and ffmpeg processes, and two at once on a 2-core machine would time each other out.</summary>
[CollectionDefinition(Collection)]
public sealed class MediaServerTests
{
    public const string Collection = "real MediaServer";
}
