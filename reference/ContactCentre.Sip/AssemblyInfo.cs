namespace ContactCentre.Sip;

