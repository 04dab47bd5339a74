namespace ContactCentre.Media;

/// <summary>What holds a leg's outbound audio (a bridge or a mixer); told when a leg ends so the others are released.</summary>
public interface IMediaConnection
{
    void LegEnded(IMediaLeg leg);
}
