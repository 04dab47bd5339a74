using ContactCentre.Host.Admin;
using Microsoft.Data.Sqlite;

namespace ContactCentre.Host.Tests.Admin;

/// <summary>The flow store on a real SQLite file: numbering, retention and reading back what was written.</summary>
[Trait("Category", "Integration")]
public sealed class SqliteFlowStoreTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "ccref-flowstore-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteFlowStore _store;

    public SqliteFlowStoreTests()
    {
        Directory.CreateDirectory(_data);
        _store = new SqliteFlowStore(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_data, "contact-centre.db"), Pooling = false }.ToString());
    }

    [Fact]
    public void Each_flow_counts_its_own_versions_from_1()
    {
        _store.Add("Demo", "{\"v\":1}", "configuration", Noon, null);
        _store.Add("Sales", "{\"s\":1}", "configuration", Noon, null);
        var second = _store.Add("Demo", "{\"v\":2}", "alice", Noon.AddHours(1), "New welcome");

        Assert.Equal(2, second.Version);
        Assert.Equal(new FlowVersion("Demo", 2, "{\"v\":2}", "alice", Noon.AddHours(1), "New welcome"), _store.Current("Demo"));
        Assert.Equal(1, _store.Current("Sales")!.Version);
        Assert.Equal(["Demo", "Sales"], _store.Current().Select(v => v.Flow));
        Assert.Null(_store.Current("Nope"));
        Assert.Null(_store.Version("Demo", 3));
    }

    [Fact]
    public void Every_version_is_kept_and_listed_newest_first()
    {
        for (var i = 1; i <= 25; i++)
            _store.Add("Demo", $"{{\"v\":{i}}}", "alice", Noon.AddMinutes(i), $"change {i}");

        var versions = _store.Versions("Demo");

        Assert.Equal(Enumerable.Range(1, 25).Reverse(), versions.Select(v => v.Version));
        Assert.Equal("{\"v\":3}", _store.Version("Demo", 3)!.Json);
        Assert.Equal(Noon.AddMinutes(3), _store.Version("Demo", 3)!.ChangedAt);
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { /* the OS cleans temp */ }
    }
}
