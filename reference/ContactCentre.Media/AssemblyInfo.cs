using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("ContactCentre.Media.Tests")]
