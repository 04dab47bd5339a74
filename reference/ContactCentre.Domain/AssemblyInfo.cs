namespace ContactCentre.Domain;

