using ContactCentre.Features.Bridge;
using Reqnroll.Plugins;

// Reqnroll finds its unit-test provider through this runtime plugin; no Reqnroll.xUnit package is served.
[assembly: RuntimePlugin(typeof(XunitRuntimePlugin))]

// Runs Reqnroll's AfterFeature/AfterTestRun hooks once every test of the assembly has finished.
[assembly: TestFramework("ContactCentre.Features.Bridge.SpecTestFramework", "ContactCentre.Features")]

// Specs drive real servers and ports; one scenario at a time keeps them independent and the hooks predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Scenarios of a feature run together and in file order.
[assembly: TestCaseOrderer("ContactCentre.Features.Bridge.ScenarioOrderer", "ContactCentre.Features")]
