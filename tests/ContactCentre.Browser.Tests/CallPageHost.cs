using System.Net;
using System.Net.Sockets;

namespace ContactCentre.Browser.Tests;

/// <summary>Serves one test page (an embedded resource) on 127.0.0.1 (a secure context for getUserMedia without TLS).</summary>
internal sealed class CallPageHost : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _page;

    private readonly string _path;

    public CallPageHost(string page = "call.html")
    {
        _path = "/" + page;
        using (var stream = typeof(CallPageHost).Assembly.GetManifestResourceStream(page)!)
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            _page = copy.ToArray();
        }

        int port = FreePort();
        Address = new Uri($"http://127.0.0.1:{port}/{page}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    public Uri Address { get; }

    public void Dispose() => _listener.Close();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        try
        {
            while (_listener.IsListening)
            {
                var context = await _listener.GetContextAsync();
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.StatusCode = context.Request.Url?.AbsolutePath == _path ? 200 : 404;
                if (context.Response.StatusCode == 200)
                {
                    await context.Response.OutputStream.WriteAsync(_page);
                }

                context.Response.Close();
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // Stopped by Dispose.
        }
    }
}
