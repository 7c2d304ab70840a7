using Microsoft.Azure.Functions.Worker;

namespace ZlmHooks.Functions;

/// <summary>MP4 and HLS recordings catalogued in Blob Storage (Recordings/). Each function hands its call to the endpoint of the same name
/// (<see cref="FunctionEndpoints"/>); hooks need the function key, operator endpoints are anonymous to
/// the host and check the admin key themselves.</summary>
public sealed class RecordingFunctions(FunctionEndpoints endpoints)
{
    [Function("on_record_mp4")]
    public Task<IResult> OnRecordMp4([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_record_mp4")] HttpRequest req) => endpoints.RunAsync("on_record_mp4", req);

    [Function("on_record_ts")]
    public Task<IResult> OnRecordTs([HttpTrigger(AuthorizationLevel.Function, "post", Route = "index/hook/on_record_ts")] HttpRequest req) => endpoints.RunAsync("on_record_ts", req);

    [Function("api_recordings")]
    public Task<IResult> ApiRecordings([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/recordings")] HttpRequest req) => endpoints.RunAsync("api_recordings", req);
}
