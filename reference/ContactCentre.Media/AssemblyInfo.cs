namespace ContactCentre.Media;

