using System.Net;
using ContactCentre.Domain.Configuration;
using ContactCentre.Host.Desktop;
using ContactCentre.Host.History;
using ContactCentre.Sip;

namespace ContactCentre.Host.Hosting;

/// <summary>The HTTP side: a start page, health, call history, and the agent desktop WebSocket.</summary>
public static class WebEndpoints
{
    public static void Map(WebApplication app, ContactCentreConfiguration configuration, SqliteCallHistory history,
        AgentDesktopEndpoint desktop, SipEndpoint sip)
    {
        app.UseWebSockets();
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapGet("/api/calls", async (int? count) => Results.Json(await history.LatestAsync(Math.Clamp(count ?? 50, 1, 1000))));
        app.MapGet("/", () => Results.Content(StartPage(configuration, sip.LocalEndPoint), "text/html; charset=utf-8"));
        // SIP over WebSocket (RFC 7118) for browser SIP clients, sub-protocol "sip".
        app.Map("/sip/ws", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
                return Results.Problem(statusCode: 400, title: "WebSocket expected", detail: "SIP over WebSocket (RFC 7118) runs at /sip/ws with the sub-protocol 'sip'.");
            if (!context.WebSockets.WebSocketRequestedProtocols.Contains(SipEndpoint.WebSocketSubProtocol))
                return Results.Problem(statusCode: 400, title: "Sub-protocol 'sip' expected", detail: "RFC 7118 §4.1: the WebSocket handshake must ask for the 'sip' sub-protocol.");
            using var socket = await context.WebSockets.AcceptWebSocketAsync(SipEndpoint.WebSocketSubProtocol);
            var remote = new IPEndPoint(context.Connection.RemoteIpAddress ?? IPAddress.Loopback, context.Connection.RemotePort);
            await sip.AcceptWebSocketAsync(socket, remote, context.RequestAborted);
            return Results.Empty;
        });
        app.Map("/agent/ws", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                return Results.Problem(statusCode: 400, title: "WebSocket expected",
                    detail: "The agent desktop protocol runs over a WebSocket at /agent/ws.");
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var remote = new IPEndPoint(context.Connection.RemoteIpAddress ?? IPAddress.Loopback, context.Connection.RemotePort);
            await desktop.HandleAsync(socket, remote.ToString(), context.RequestAborted);
            return Results.Empty;
        });
    }

    private static string StartPage(ContactCentreConfiguration configuration, IPEndPoint sip)
    {
        var numbers = string.Join("", configuration.ServiceNumbers.Select(n => $"<li>{WebUtility.HtmlEncode(n.Key.E164)} → flow {WebUtility.HtmlEncode(n.Value)}</li>"));
        var agents = string.Join("", configuration.Agents.Values.Select(a => $"<li>{WebUtility.HtmlEncode(a.Id)} ({WebUtility.HtmlEncode(string.Join(", ", a.Queues))})</li>"));
        return $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>ContactCentreRef</title></head>
            <body><h1>ContactCentreRef</h1>
            <p>SIP: sip:&lt;number&gt;@{sip}</p>
            <h2>Service numbers</h2><ul>{numbers}</ul>
            <h2>Agents</h2><ul>{agents}</ul>
            <p>Agent desktop protocol: WebSocket at /agent/ws. Call history: <a href="/api/calls">/api/calls</a>.</p>
            </body></html>
            """;
    }
}
