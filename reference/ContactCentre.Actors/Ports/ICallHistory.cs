using ContactCentre.Domain.History;

namespace ContactCentre.Actors.Ports;

/// <summary>The call history read model.</summary>
public interface ICallHistory
{
    Task RecordAsync(CallHistoryEntry entry);
}
