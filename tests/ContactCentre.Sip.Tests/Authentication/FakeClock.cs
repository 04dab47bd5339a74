namespace ContactCentre.Sip.Tests.Authentication;

/// <summary>Wall-clock time that only moves when a test says so (nonce and binding expiry).</summary>
internal sealed class FakeClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
