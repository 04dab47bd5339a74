using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("ContactCentre.Sip.Tests")]
