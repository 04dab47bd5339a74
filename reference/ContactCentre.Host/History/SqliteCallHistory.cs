using ContactCentre.Actors.Ports;
using ContactCentre.Domain.History;
using Microsoft.Data.Sqlite;

namespace ContactCentre.Host.History;

/// <summary>The call history read model, a table in the contact centre's SQLite file.</summary>
public sealed class SqliteCallHistory : ICallHistory
{
    private readonly string _connectionString;

    public SqliteCallHistory(string connectionString)
    {
        _connectionString = connectionString;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS call_history (
                call_id TEXT NOT NULL,
                service_number TEXT NOT NULL,
                caller TEXT NOT NULL,
                queue TEXT NULL,
                wait_ms INTEGER NULL,
                agent TEXT NULL,
                talk_ms INTEGER NULL,
                started TEXT NOT NULL,
                ended TEXT NOT NULL,
                outcome TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
    }

    public async Task RecordAsync(CallHistoryEntry entry)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO call_history (call_id, service_number, caller, queue, wait_ms, agent, talk_ms, started, ended, outcome)
            VALUES ($id, $number, $caller, $queue, $wait, $agent, $talk, $started, $ended, $outcome);
            """;
        command.Parameters.AddWithValue("$id", entry.CallId);
        command.Parameters.AddWithValue("$number", entry.ServiceNumber);
        command.Parameters.AddWithValue("$caller", entry.Caller);
        command.Parameters.AddWithValue("$queue", (object?)entry.Queue ?? DBNull.Value);
        command.Parameters.AddWithValue("$wait", (object?)(long?)entry.WaitTime?.TotalMilliseconds ?? DBNull.Value);
        command.Parameters.AddWithValue("$agent", (object?)entry.Agent ?? DBNull.Value);
        command.Parameters.AddWithValue("$talk", (object?)(long?)entry.TalkTime?.TotalMilliseconds ?? DBNull.Value);
        command.Parameters.AddWithValue("$started", entry.Started.ToString("O"));
        command.Parameters.AddWithValue("$ended", entry.Ended.ToString("O"));
        command.Parameters.AddWithValue("$outcome", entry.Outcome);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<CallHistoryEntry>> LatestAsync(int count)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT call_id, service_number, caller, queue, wait_ms, agent, talk_ms, started, ended, outcome FROM call_history ORDER BY rowid DESC LIMIT $n;";
        command.Parameters.AddWithValue("$n", count);
        var entries = new List<CallHistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new CallHistoryEntry(
                reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(6)),
                DateTimeOffset.Parse(reader.GetString(7), System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(reader.GetString(8), System.Globalization.CultureInfo.InvariantCulture),
                reader.GetString(9)));
        }
        return entries;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
