namespace ContactCentre.Media.Tests.Support;

/// <summary>Socket tests run one at a time so <see cref="RtpSession.OpenSessionCount"/> and packet pacing are theirs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SocketCollection
{
    public const string Name = "Sockets";
}
