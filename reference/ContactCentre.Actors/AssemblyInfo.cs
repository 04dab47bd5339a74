namespace ContactCentre.Actors;

