using System.Net;
using ContactCentre.Simulator.Agents;
using ContactCentre.Simulator.Callers;

namespace ContactCentre.Simulator;

/// <summary>
/// The simulator for people:
///   call  --server 127.0.0.1:5060 --number 0201234567 [--press 1] [--tone 1000] [--seconds 20]
///   agent --desktop ws://127.0.0.1:8080/agent/ws --agent agent1 --password agent1-demo [--tone 600] [--seconds 300]
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("call" or "agent"))
        {
            Console.Error.WriteLine("usage: call --server IP:PORT --number N [--press DIGITS] [--tone HZ] [--seconds S]\n       agent --desktop WS-URL --agent ID --password PASSWORD [--tone HZ] [--seconds S]");
            return 2;
        }
        var options = Options(args.Skip(1).ToArray());
        try
        {
            return args[0] == "call" ? await CallAsync(options) : await AgentAsync(options);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"simulator: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> CallAsync(IReadOnlyDictionary<string, string> o)
    {
        var server = IPEndPoint.Parse(Required(o, "server"));
        var seconds = double.Parse(o.GetValueOrDefault("seconds", "20"), System.Globalization.CultureInfo.InvariantCulture);
        await using var caller = await SimulatedCaller.StartAsync();
        var call = await caller.CallAsync(server, Required(o, "number"));
        Console.WriteLine($"Connected: {call.Dialog.CallId}");
        if (o.TryGetValue("tone", out var tone)) call.SayTone(double.Parse(tone, System.Globalization.CultureInfo.InvariantCulture));
        if (o.TryGetValue("press", out var digits))
        {
            await Task.Delay(TimeSpan.FromSeconds(double.Parse(o.GetValueOrDefault("press-after", "6"), System.Globalization.CultureInfo.InvariantCulture)));
            await call.PressAsync(digits);
            Console.WriteLine($"Pressed {digits}");
        }
        var ended = await Task.WhenAny(call.Ended, Task.Delay(TimeSpan.FromSeconds(seconds)));
        Console.WriteLine(ended == call.Ended ? $"Ended: {await call.Ended}" : "Hanging up");
        Console.WriteLine($"Heard {call.Heard.Duration.TotalSeconds:0.0} s of audio");
        return 0;
    }

    private static async Task<int> AgentAsync(IReadOnlyDictionary<string, string> o)
    {
        var seconds = double.Parse(o.GetValueOrDefault("seconds", "300"), System.Globalization.CultureInfo.InvariantCulture);
        var tone = double.Parse(o.GetValueOrDefault("tone", "600"), System.Globalization.CultureInfo.InvariantCulture);
        await using var agent = await SimulatedAgent.StartAsync(Required(o, "agent"), Required(o, "password"), new Uri(Required(o, "desktop")));
        agent.SpeaksWith(() => new Media.ToneSource(tone, 8000));
        await agent.LogInAsync();
        Console.WriteLine($"{agent.AgentId} is Ready; phone {agent.Phone.Uri}");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (true)
            {
                var call = await agent.Phone.NextAnsweredCallAsync(TimeSpan.FromSeconds(seconds), stop.Token);
                Console.WriteLine($"Answered {call.Dialog.RemoteUri}");
                Console.WriteLine($"Call ended: {await call.Ended.WaitAsync(stop.Token)}");
            }
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            return 0;
        }
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"expected '--name value', got '{args[i]}'");
            options[args[i][2..]] = args[++i];
        }
        return options;
    }

    private static string Required(IReadOnlyDictionary<string, string> o, string name) =>
        o.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
}
