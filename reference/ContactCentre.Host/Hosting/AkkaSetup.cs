using Akka.Actor;
using Akka.Configuration;

namespace ContactCentre.Host.Hosting;

/// <summary>The actor system, journaling to the SQLite file under the data folder (or PostgreSQL when configured).</summary>
public static class AkkaSetup
{
    public static ActorSystem Start(HostSettings settings, string sqliteConnectionString)
    {
        var (connection, provider) = settings.JournalConnectionString is { } pg
            ? (pg, "PostgreSQL.15")
            : (sqliteConnectionString, "SQLite.MS");
        var hocon = $$"""
            akka {
              loglevel = INFO
              stdout-loglevel = WARNING
              actor.ask-timeout = 10s
              persistence {
                journal {
                  plugin = "akka.persistence.journal.sql"
                  sql {
                    connection-string = "{{Escape(connection)}}"
                    provider-name = "{{provider}}"
                    auto-initialize = true
                  }
                }
                snapshot-store {
                  plugin = "akka.persistence.snapshot-store.sql"
                  sql {
                    connection-string = "{{Escape(connection)}}"
                    provider-name = "{{provider}}"
                    auto-initialize = true
                  }
                }
              }
            }
            """;
        var config = ConfigurationFactory.ParseString(hocon)
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
        return ActorSystem.Create("contact-centre", config);
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
