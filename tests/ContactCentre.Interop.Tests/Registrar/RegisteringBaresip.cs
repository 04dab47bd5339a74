using System.Globalization;
using ContactCentre.Interop.Tests.Peers;

namespace ContactCentre.Interop.Tests.Registrar;

/// <summary>
/// A headless baresip that registers with digest authentication (an agent's phone): a
/// <see cref="BaresipRunner"/> whose account line REGISTERs every <c>regint</c> seconds and answers incoming
/// calls on its own.
/// </summary>
public static class RegisteringBaresip
{
    /// <summary>The accounts line: AOR at the registrar, credentials, registration interval, auto answer.</summary>
    public static string AccountLine(string user, string password, int registrarPort, int registrationInterval) =>
        $"<sip:{user}@{LoopbackPorts.Address}:{registrarPort.ToString(CultureInfo.InvariantCulture)}>" +
        $";auth_user={user};auth_pass={password}" +
        $";regint={registrationInterval.ToString(CultureInfo.InvariantCulture)}" +
        ";answermode=auto;audio_codecs=pcmu,pcma";

    public static Task<BaresipRunner> StartAsync(string user, string password, int registrarPort,
        int registrationInterval, TimeSpan timeout) =>
        BaresipRunner.StartAsync(new BaresipOptions(user, BaresipAnswerMode.Auto), timeout,
            AccountLine(user, password, registrarPort, registrationInterval));
}
