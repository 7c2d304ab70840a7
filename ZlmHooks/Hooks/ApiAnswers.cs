using System.Text.Json;

namespace ZlmHooks.Hooks;

/// <summary>How the operator API answers (reads and edits, behind the admin key): JSON with a
/// Content-Length, and problems in the hooks' own shape.</summary>
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

    /// <summary>A 400 with the exception's message, without " (Parameter 'x')": it is read by an
    /// operator, not a developer.</summary>
    public static Task BadRequestAsync(HttpContext http, ArgumentException e) =>
        ProblemAsync(http, StatusCodes.Status400BadRequest, e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message);

    public static Task ProblemAsync(HttpContext http, int status, string message) =>
        JsonAsync(http, JsonSerializer.SerializeToUtf8Bytes(HookReply.Refuse(message), HookJson.Replies.HookReply), status);
}
