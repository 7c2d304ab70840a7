namespace ZlmHooks.Tests.Support.Media;

/// <summary>The ports one MediaServer listens on.</summary>
public sealed record MediaServerPorts(int Http, int Rtmp, int Rtsp, int Rtp, int Shell)
{
    public static MediaServerPorts Free()
    {
        var p = FreePorts.Take(5);
        return new MediaServerPorts(p[0], p[1], p[2], p[3], p[4]);
    }
}
