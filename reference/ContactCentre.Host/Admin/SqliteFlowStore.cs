using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ContactCentre.Host.Admin;

/// <summary>
/// Every saved version of every flow, in the contact centre's SQLite file. Versions are never changed or pruned: a
/// restore adds a new version, so the history of who changed what stays whole.
/// </summary>
public sealed class SqliteFlowStore
{
    private const string Columns = "flow, version, json, changed_by, changed_at, comment";
    private readonly string _connectionString;

    public SqliteFlowStore(string connectionString)
    {
        _connectionString = connectionString;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS flow_versions (
                flow TEXT NOT NULL,
                version INTEGER NOT NULL,
                json TEXT NOT NULL,
                changed_by TEXT NOT NULL,
                changed_at TEXT NOT NULL,
                comment TEXT NULL,
                PRIMARY KEY (flow, version));
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>The current (highest) version of every flow, by name.</summary>
    public IReadOnlyList<FlowVersion> Current() => Query($"""
        SELECT {Columns} FROM flow_versions v
        WHERE version = (SELECT max(version) FROM flow_versions WHERE flow = v.flow) ORDER BY flow;
        """);

    public FlowVersion? Current(string flow) =>
        Query($"SELECT {Columns} FROM flow_versions WHERE flow = $flow ORDER BY version DESC LIMIT 1;", ("$flow", flow)).SingleOrDefault();

    /// <summary>Every version of a flow, newest first; empty for an unknown flow.</summary>
    public IReadOnlyList<FlowVersion> Versions(string flow) =>
        Query($"SELECT {Columns} FROM flow_versions WHERE flow = $flow ORDER BY version DESC;", ("$flow", flow));

    public FlowVersion? Version(string flow, int version) =>
        Query($"SELECT {Columns} FROM flow_versions WHERE flow = $flow AND version = $version;", ("$flow", flow), ("$version", version)).SingleOrDefault();

    /// <summary>Saves the flow as its next version (1 for a new flow) in one statement, so two saves never share a number.</summary>
    public FlowVersion Add(string flow, string json, string changedBy, DateTimeOffset changedAt, string? comment)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO flow_versions (flow, version, json, changed_by, changed_at, comment)
            SELECT $flow, coalesce(max(version), 0) + 1, $json, $by, $at, $comment FROM flow_versions WHERE flow = $flow
            RETURNING version;
            """;
        command.Parameters.AddWithValue("$flow", flow);
        command.Parameters.AddWithValue("$json", json);
        command.Parameters.AddWithValue("$by", changedBy);
        command.Parameters.AddWithValue("$at", changedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$comment", (object?)comment ?? DBNull.Value);
        var version = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        return new FlowVersion(flow, version, json, changedBy, changedAt.ToUniversalTime(), comment);
    }

    private List<FlowVersion> Query(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var versions = new List<FlowVersion>();
        while (reader.Read())
        {
            versions.Add(new FlowVersion(
                reader.GetString(0),
                reader.GetInt32(1),
                reader.GetString(2),
                reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return versions;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
