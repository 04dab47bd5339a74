using System.Globalization;
using System.Net;
using ContactCentre.Sip;
using Microsoft.Data.Sqlite;

namespace ContactCentre.Host.Registrations;

/// <summary>
/// The registrar's bindings in the contact centre's SQLite file, so a registered agent phone is still rung after a
/// restart until its registration runs out. Expiry is stored as the absolute time the registrar computed.
/// </summary>
public sealed class SqliteBindingStore : IBindingStore
{
    private readonly string _connectionString;

    public SqliteBindingStore(string connectionString)
    {
        _connectionString = connectionString;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS registrar_bindings (
                aor TEXT NOT NULL,
                contact TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                call_id TEXT NOT NULL,
                cseq INTEGER NOT NULL,
                q REAL NULL,
                source TEXT NULL,
                transport TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS registrar_bindings_aor ON registrar_bindings (aor);
            """;
        command.ExecuteNonQuery();
    }

    public IReadOnlyList<RegisteredContact> Get(string addressOfRecord)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT contact, expires_at, call_id, cseq, q, source, transport FROM registrar_bindings WHERE aor = $aor;";
        command.Parameters.AddWithValue("$aor", addressOfRecord);
        using var reader = command.ExecuteReader();
        var bindings = new List<RegisteredContact>();
        while (reader.Read())
        {
            bindings.Add(new RegisteredContact(
                reader.GetString(0),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                reader.GetString(2),
                (uint)reader.GetInt64(3))
            {
                Q = reader.IsDBNull(4) ? null : reader.GetDouble(4),
                Source = reader.IsDBNull(5) ? null : IPEndPoint.Parse(reader.GetString(5)),
                Transport = Enum.Parse<SipTransportKind>(reader.GetString(6)),
            });
        }
        return bindings;
    }

    public void Put(string addressOfRecord, IReadOnlyList<RegisteredContact> bindings)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM registrar_bindings WHERE aor = $aor;";
            delete.Parameters.AddWithValue("$aor", addressOfRecord);
            delete.ExecuteNonQuery();
        }
        foreach (var binding in bindings)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO registrar_bindings (aor, contact, expires_at, call_id, cseq, q, source, transport)
                VALUES ($aor, $contact, $expires, $callId, $cseq, $q, $source, $transport);
                """;
            insert.Parameters.AddWithValue("$aor", addressOfRecord);
            insert.Parameters.AddWithValue("$contact", binding.Uri);
            insert.Parameters.AddWithValue("$expires", binding.ExpiresAt.ToString("O", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$callId", binding.CallId);
            insert.Parameters.AddWithValue("$cseq", (long)binding.CSeq);
            insert.Parameters.AddWithValue("$q", (object?)binding.Q ?? DBNull.Value);
            insert.Parameters.AddWithValue("$source", (object?)binding.Source?.ToString() ?? DBNull.Value);
            insert.Parameters.AddWithValue("$transport", binding.Transport.ToString());
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
