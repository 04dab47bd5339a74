namespace ContactCentre.Media.Tests.Support;

/// <summary>Collects DTMF digits a session reports, and signals when a given digit arrives.</summary>
internal sealed class DigitCapture
{
    private readonly Lock _gate = new();
    private readonly List<char> _digits = [];
    private readonly Dictionary<char, TaskCompletionSource> _waiting = [];

    public DigitCapture(RtpSession session) => session.DtmfReceived += OnDigit;

    public IReadOnlyList<char> Digits
    {
        get
        {
            lock (_gate)
            {
                return [.. _digits];
            }
        }
    }

    public Task Arrival(char digit)
    {
        lock (_gate)
        {
            if (!_waiting.TryGetValue(digit, out var arrived))
            {
                arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting[digit] = arrived;
                if (_digits.Contains(digit))
                {
                    arrived.TrySetResult();
                }
            }

            return arrived.Task;
        }
    }

    private void OnDigit(RtpSession session, char digit)
    {
        TaskCompletionSource? arrived;
        lock (_gate)
        {
            _digits.Add(digit);
            _waiting.TryGetValue(digit, out arrived);
        }

        arrived?.TrySetResult();
    }
}
