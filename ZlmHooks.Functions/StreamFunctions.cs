using Microsoft.Azure.Functions.Worker;

namespace ZlmHooks.Functions;

/// <summary>What is live where (Streams/): stream notifications and the registry's operator API. Each function hands its call to the endpoint of the same name
/// (<see cref="FunctionEndpoints"/>); hooks need the function key, operator endpoints are anonymous to
/// the host and check the admin key themselves.</summary>
public sealed class StreamFunctions(FunctionEndpoints endpoints)
{
    [Function("on_stream_changed")]
    public Task<IResult> OnStreamChanged([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_stream_changed")] HttpRequest req) => endpoints.RunAsync("on_stream_changed", req);

    [Function("on_stream_none_reader")]
    public Task<IResult> OnStreamNoneReader([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_stream_none_reader")] HttpRequest req) => endpoints.RunAsync("on_stream_none_reader", req);

    [Function("on_stream_not_found")]
    public Task<IResult> OnStreamNotFound([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_stream_not_found")] HttpRequest req) => endpoints.RunAsync("on_stream_not_found", req);

    [Function("on_flow_report")]
    public Task<IResult> OnFlowReport([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_flow_report")] HttpRequest req) => endpoints.RunAsync("on_flow_report", req);

    [Function("on_send_rtp_stopped")]
    public Task<IResult> OnSendRtpStopped([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_send_rtp_stopped")] HttpRequest req) => endpoints.RunAsync("on_send_rtp_stopped", req);

    [Function("on_rtp_server_timeout")]
    public Task<IResult> OnRtpServerTimeout([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_rtp_server_timeout")] HttpRequest req) => endpoints.RunAsync("on_rtp_server_timeout", req);

    [Function("api_streams")]
    public Task<IResult> ApiStreams([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/streams")] HttpRequest req) => endpoints.RunAsync("api_streams", req);

    [Function("api_streams_live")]
    public Task<IResult> ApiStreamsLive([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/streams/live")] HttpRequest req) => endpoints.RunAsync("api_streams_live", req);
}
