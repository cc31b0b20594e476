using Xunit.Sdk;
using Xunit.v3;

namespace MailHa.IntegrationTests.Lab;

/// <summary>
/// Runs a class's tests in the order they are written (xUnit's default order is stable but arbitrary). For a class whose
/// tests share something that takes wall-clock time to reach (<see cref="EndToEnd.ServeMirrorTests"/>: a pair scheduling
/// the mirror every minute), so one test can start where the previous one left off instead of waiting for the next
/// interval. Each test stays correct in any order; only the run's length depends on it.
/// </summary>
public sealed class DeclarationOrder : ITestCaseOrderer
{
    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases)
        where TTestCase : notnull, ITestCase =>
        [.. testCases.OrderBy(t => t.TestMethodMetadataToken ?? int.MaxValue).ThenBy(t => t.TestCaseDisplayName, StringComparer.Ordinal)];
}
