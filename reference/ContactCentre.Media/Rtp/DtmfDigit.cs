namespace ContactCentre.Media;

/// <summary>A key the far end pressed, how long it was held, and how we learnt of it.</summary>
public readonly record struct DtmfDigit(char Key, TimeSpan Duration, DtmfSignalling Signalling);

/// <summary>Whether a digit came as RFC 4733 telephone events or as tones in the audio (trunks without events).</summary>
public enum DtmfSignalling
{
    TelephoneEvent,
    InBand,
}
