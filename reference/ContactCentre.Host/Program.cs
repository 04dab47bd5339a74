using ContactCentre.Host.Hosting;

namespace ContactCentre.Host;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ContactCentreHost host;
        try
        {
            host = await ContactCentreHost.StartAsync(args);
        }
        catch (StartupException e)
        {
            await Console.Error.WriteLineAsync($"ContactCentreRef cannot start: {e.Message}");
            return 2;
        }

        await using (host)
        {
            PrintBanner(host);
            // Ctrl+C and SIGTERM both stop the web host's lifetime; then everything is shut down in order.
            await host.WaitForShutdownAsync();
            Console.WriteLine("Stopping…");
        }
        return 0;
    }

    private static void PrintBanner(ContactCentreHost host)
    {
        var sip = host.SipEndPoint;
        Console.WriteLine($"""

            ContactCentreRef is running.
              SIP (UDP and TCP): {sip.Address}:{sip.Port}
              Web:               {host.WebUri}
              Agent desktop:     {new Uri(host.WebUri, "/agent/ws").ToString().Replace("http", "ws", StringComparison.Ordinal)}
              Data:              {host.Settings.DataPath}
            Service numbers:
            """);
        foreach (var entry in host.Configuration.Numbers.Entries)
        {
            Console.WriteLine($"  {entry.Number.E164} (call sip:{entry.Number.E164}@{sip.Address}:{sip.Port}) → flow {entry.Flow}");
            foreach (var alias in entry.Aliases)
                Console.WriteLine($"    alias {alias.E164} (call sip:{alias.E164}@{sip.Address}:{sip.Port})");
        }
        Console.WriteLine("Agent logins (desktop 'login' message with the agent id, its password and its device: \"softphone\", its phone's SIP URI or a phone number;"
            + " the password is the agent's 'desktopPassword', else its 'sipPassword'):");
        foreach (var agent in host.Configuration.Agents.Values)
            Console.WriteLine($"  {agent.Id} ({agent.Name}), queues: {string.Join(", ", agent.Queues)}"
                + (agent.DesktopLoginPassword is null ? "; no password configured: its desktop cannot log in"
                    : agent.DesktopPassword is null ? "; desktop password: its SIP password" : "; desktop password: its own 'desktopPassword'")
                + (agent.SipPassword is null ? "" : $"; its SIP phone may REGISTER as sip:{agent.Id}@{host.Settings.SipRealm}"));
        if (host.Settings.AdminToken == HostSettings.DemoAdminToken)
            Console.WriteLine($"Admin API: {new Uri(host.WebUri, "/api/admin/flows")} with 'Authorization: Bearer {HostSettings.DemoAdminToken}' (demo token; set Admin:Token).");
        Console.WriteLine("Press Ctrl+C to stop.");
    }
}
