using System.Text;

namespace ContactCentre.Interop.Tests.Peers;

/// <summary>
/// Thread-safe capture of a peer's output lines. Keeps the first and the last lines so a
/// chatty peer cannot grow memory without bound, yet startup errors and the end both survive.
/// </summary>
internal sealed class PeerOutput(Func<string, bool>? isNoise)
{
    private const int HeadLines = 200;
    private const int TailLines = 600;

    private readonly Lock _gate = new();
    private readonly List<string> _head = [];
    private readonly Queue<string> _tail = new();
    private long _dropped;

    public void Add(string? line)
    {
        if (line is null || (isNoise?.Invoke(line) ?? false))
        {
            return;
        }

        lock (_gate)
        {
            if (_head.Count < HeadLines)
            {
                _head.Add(line);
                return;
            }

            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
                _dropped++;
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            foreach (var line in _head)
            {
                text.AppendLine(line);
            }

            if (_dropped > 0)
            {
                text.AppendLine($"... {_dropped} lines left out ...");
            }

            foreach (var line in _tail)
            {
                text.AppendLine(line);
            }

            return text.ToString();
        }
    }
}
