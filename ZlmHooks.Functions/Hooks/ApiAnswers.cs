using System.Text.Json;

namespace ZlmHooks.Hooks;

/// <summary>How the read APIs answer: JSON with a Content-Length, and problems in the hooks' own shape.</summary>
public static class ApiAnswers
{
    public static async Task JsonAsync(HttpContext http, byte[] body, int status = StatusCodes.Status200OK)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>A query parameter's value, null when absent or empty.</summary>
    public static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v.ToString() : null;

    public static Task ProblemAsync(HttpContext http, int status, string message) =>
        JsonAsync(http, JsonSerializer.SerializeToUtf8Bytes(HookReply.Refuse(message), HookJson.Replies.HookReply), status);
}
