using MailHa.Bench.Soak;
using MailHa.IntegrationTests.Lab;

namespace MailHa.IntegrationTests.Soak;

/// <summary>
/// A short seeded soak (issue #23) on the real lab, with bench/run's own engine (<see cref="SoakRunner"/>, referenced,
/// not copied): two <c>mailha serve</c> instances on one PostgreSQL, mail through the VIP, a seeded schedule of faults
/// and operator actions for two minutes; every invariant that was checked held, and the continuous ones were checked.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class SoakTests(LabFixture lab, ITestOutputHelper output)
{
    /// <summary>A seed whose first episodes fit the CI budget and cover a planned move, a kill and the store fault.</summary>
    private const int Seed = 23;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    [Trait("Lab", "Soak")]
    public async Task Soak_HoldsEveryInvariant_UnderASeededScheduleOfFaultsAndActions()
    {
        lab.RequireLab();
        var benchLab = new MailHa.Bench.Lab(lab.RepositoryRoot);
        try
        {
            var result = await new SoakRunner(benchLab, Path.Combine(lab.RunDirectory, "soak-test"), Seed, TimeSpan.FromMinutes(1.5), TimeSpan.FromSeconds(20)).RunAsync(Token);
            output.WriteLine(SoakReport.Markdown(result, $"{nameof(SoakTests)} (seed {Seed})"));

            Assert.Null(result.Violation);
            Assert.Empty(result.Problems);
            Assert.All(
                [Invariant.OneVipHolder, Invariant.NoPullIntoActive, Invariant.NoLossOnPlannedMoves, Invariant.AuditVerifies, Invariant.CleanLogs, Invariant.NoOrphans],
                invariant => Assert.True(result.Checks.Single(c => c.Invariant == invariant).Checks > 0, $"{invariant} was never checked"));
            Assert.True(result.VipSamplesPerSecond >= 10, $"the VIP was sampled {result.VipSamplesPerSecond:0.0} times a second");

            // The instances' logs are copied out for a soak that fails; one that passed leaves nothing behind.
            if (result.LogDirectory is { } logs && Directory.Exists(logs))
            {
                Directory.Delete(logs, recursive: true);
            }
        }
        finally
        {
            await benchLab.NormalizeAsync(benchLab.Hosts[0], CancellationToken.None);
        }
    }
}
