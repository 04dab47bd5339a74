using System.Net.Http.Json;
using System.Text.Json;

namespace ContactCentre.Interop.Tests.ContactCentre;

/// <summary>The host's call history as a supervisor reads it: GET /api/calls, newest first.</summary>
public sealed class CallHistory(Uri webUri) : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly HttpClient _http = new() { BaseAddress = webUri };

    /// <summary>
    /// The newest entry that satisfies <paramref name="isWanted"/>; the host records a call after it
    /// ends, so this polls until one appears or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task<JsonElement> WaitForEntryAsync(Func<JsonElement, bool> isWanted, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var calls = default(JsonElement);
        try
        {
            while (true)
            {
                calls = await _http.GetFromJsonAsync<JsonElement>("/api/calls", deadline.Token);
                foreach (var call in calls.EnumerateArray())
                {
                    if (isWanted(call))
                    {
                        return call;
                    }
                }

                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(
                $"No matching call in the history within {timeout.TotalSeconds:0.#} s. History: {(calls.ValueKind == JsonValueKind.Undefined ? "never read" : calls.GetRawText())}");
        }
    }

    public void Dispose() => _http.Dispose();
}
